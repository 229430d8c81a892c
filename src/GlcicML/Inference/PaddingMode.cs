namespace GlcicML.Inference;

/// <summary>How an image is extended to a multiple of 4 pixels before the network runs (the extension is cropped off after).</summary>
public enum PaddingMode
{
    /// <summary>Mirror the pixels next to the edge (without repeating the edge). Needs at least 4 pixels per side. The default.</summary>
    Reflect,

    /// <summary>Repeat the edge pixels. Works for any size, including 1 pixel.</summary>
    Replicate,
}
