using GlcicML.Filling;
using GlcicML.Inference;

namespace GlcicML.Transforms.Persistence;

/// <summary>The inference settings saved with a model: fill colour, padding, the size limit and the model's prefill (absent, i.e. mean colour, in models saved before it).</summary>
internal sealed record InpaintingState(MeanColor Mean, PaddingMode Padding, long MaxPixels, HolePrefill Prefill = HolePrefill.MeanColor);
