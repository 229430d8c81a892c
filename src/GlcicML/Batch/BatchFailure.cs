namespace GlcicML.Batch;

/// <summary>An input a batch run skipped, and why.</summary>
/// <param name="Input">The input's path relative to the input root.</param>
/// <param name="Stage">Where it failed: <c>image</c>, <c>mask</c>, <c>inference</c>, <c>post-processing</c> or <c>output</c>.</param>
/// <param name="Reason">A stable code: an <see cref="Imaging.ImageLoadFailure"/> or <see cref="Masks.MaskProblem"/> name, or
/// <c>UnsupportedSize</c>, <c>Failed</c>, <c>UnsafePath</c>, <c>OutputCollision</c>, <c>WriteFailed</c>.</param>
/// <param name="Message">What happened and, where it helps, what to do.</param>
public sealed record BatchFailure(string Input, string Stage, string Reason, string Message);
