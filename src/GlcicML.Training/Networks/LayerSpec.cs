namespace GlcicML.Training.Networks;

/// <summary>One convolution of a network: its shape and whether batch norm and ReLU follow it.</summary>
/// <param name="InChannels">Input channels.</param>
/// <param name="OutChannels">Output channels.</param>
/// <param name="Kernel">Kernel size (square).</param>
/// <param name="Stride">Stride.</param>
/// <param name="Padding">Zero padding on each side.</param>
/// <param name="Dilation">Dilation.</param>
/// <param name="Transposed">True for a transposed ("deconvolution") layer.</param>
/// <param name="NormalizeAndActivate">True when batch norm and ReLU follow (every layer but the last).</param>
public sealed record LayerSpec(int InChannels, int OutChannels, int Kernel, int Stride, int Padding, int Dilation, bool Transposed, bool NormalizeAndActivate);
