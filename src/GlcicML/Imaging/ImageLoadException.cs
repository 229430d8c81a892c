namespace GlcicML.Imaging;

/// <summary>An image or mask file could not be loaded. The message names the file and says what to do.</summary>
public sealed class ImageLoadException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ImageLoadException(string source, ImageLoadFailure reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        SourceName = source;
        Reason = reason;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ImageLoadException()
        : this("<unknown>", ImageLoadFailure.Corrupt, "The image could not be loaded.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ImageLoadException(string message)
        : this("<unknown>", ImageLoadFailure.Corrupt, message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ImageLoadException(string message, Exception innerException)
        : this("<unknown>", ImageLoadFailure.Corrupt, message, innerException)
    {
    }

    /// <summary>The file path (or the name given for in-memory data).</summary>
    public string SourceName { get; }

    /// <summary>What went wrong, for reports and programmatic handling.</summary>
    public ImageLoadFailure Reason { get; }
}
