namespace GlcicML.Training.Export;

/// <summary>One network input used to calibrate int8 activation ranges: 1×4×H×W planar floats (mean-filled RGB, mask).</summary>
/// <param name="Data">4 × <paramref name="Height"/> × <paramref name="Width"/> values.</param>
/// <param name="Height">Height, a multiple of 4.</param>
/// <param name="Width">Width, a multiple of 4.</param>
public sealed record CalibrationInput(float[] Data, int Height, int Width);
