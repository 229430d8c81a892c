namespace GlcicML.Batch;

/// <summary>An output would be written outside its output folder (see <see cref="OutputPaths"/>).</summary>
public sealed class UnsafeOutputPathException : IOException
{
    /// <summary>Creates the exception.</summary>
    public UnsafeOutputPathException(string message)
        : base(message)
    {
    }
}
