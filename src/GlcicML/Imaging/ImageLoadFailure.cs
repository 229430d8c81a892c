namespace GlcicML.Imaging;

/// <summary>Why an image or mask file could not be loaded.</summary>
public enum ImageLoadFailure
{
    /// <summary>The file does not exist.</summary>
    NotFound,

    /// <summary>The file exists but could not be read (permissions, I/O error).</summary>
    Unreadable,

    /// <summary>The file has zero bytes.</summary>
    Empty,

    /// <summary>The bytes are not in any supported image format (PNG, JPEG, BMP, GIF, WebP).</summary>
    NotAnImage,

    /// <summary>The file is a known format but ends before the image does.</summary>
    Truncated,

    /// <summary>The file is a known format but its data is damaged.</summary>
    Corrupt,

    /// <summary>The header declares more pixels than the configured budget allows.</summary>
    TooLarge,
}
