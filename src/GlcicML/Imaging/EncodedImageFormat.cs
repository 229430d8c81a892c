namespace GlcicML.Imaging;

/// <summary>File formats GlcicML can write.</summary>
public enum EncodedImageFormat
{
    /// <summary>Lossless PNG; the default for outputs and masks.</summary>
    Png,

    /// <summary>Lossy JPEG.</summary>
    Jpeg,

    /// <summary>WebP (lossy at quality below 100).</summary>
    Webp,
}
