namespace GlcicML.Masks;

/// <summary>Which channel of a gray, RGB or RGBA mask image is read.</summary>
public enum MaskChannel
{
    /// <summary>Luma (0.299 R + 0.587 G + 0.114 B); for a gray image, its value. The default.</summary>
    Luminance,

    /// <summary>The red channel.</summary>
    Red,

    /// <summary>The green channel.</summary>
    Green,

    /// <summary>The blue channel.</summary>
    Blue,

    /// <summary>The alpha channel, for masks painted as transparency (use <see cref="MaskPolarity.DarkIsHole"/> when holes are transparent).</summary>
    Alpha,
}
