namespace GlcicML.Masks;

/// <summary>The kind of holes <see cref="MaskGenerator"/> draws.</summary>
public enum MaskShape
{
    /// <summary>Axis-aligned rectangles, as the paper trains with (one hole of 96–128 px on a 256-px crop).</summary>
    Rectangles,

    /// <summary>Random brush strokes: polylines with random turns, segment lengths and brush widths.</summary>
    FreeForm,
}
