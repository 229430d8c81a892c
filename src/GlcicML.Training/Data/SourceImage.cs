namespace GlcicML.Training.Data;

/// <summary>An image read for training, and the stream position just after it.</summary>
/// <param name="Image">The image (alpha dropped).</param>
/// <param name="Name">A name for reports: file path, row, or scene number.</param>
/// <param name="Next">The position to resume from after this image.</param>
internal sealed record SourceImage(RgbImage Image, string Name, SourcePosition Next);
