namespace GlcicML.Masks;

/// <summary>What is wrong with an image's mask.</summary>
public enum MaskProblem
{
    /// <summary>The mask folder has no mask for the image.</summary>
    Missing,

    /// <summary>The mask's size differs from the image's.</summary>
    SizeMismatch,

    /// <summary>The requested holes do not fit the image (e.g. the image is smaller than the smallest hole).</summary>
    CannotGenerate,
}

/// <summary>An image has no usable mask; <see cref="Problem"/> says why. (An unreadable mask file raises <see cref="Imaging.ImageLoadException"/>.)</summary>
public sealed class MaskUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MaskUnavailableException(MaskProblem problem, string message)
        : base(message)
    {
        Problem = problem;
    }

    /// <summary>What is wrong.</summary>
    public MaskProblem Problem { get; }
}
