using GlcicML.Filling;
using GlcicML.Inference;

namespace GlcicML.Transforms.Persistence;

/// <summary>The inference settings saved with a model: fill colour, padding and the size limit.</summary>
internal sealed record InpaintingState(MeanColor Mean, PaddingMode Padding, long MaxPixels);
