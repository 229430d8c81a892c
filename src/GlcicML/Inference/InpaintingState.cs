using GlcicML.Filling;

namespace GlcicML.Inference;

/// <summary>The inference settings saved with a model: fill colour, padding, the size limit and the model's prefill (absent, i.e. mean colour, in models saved before it).</summary>
internal sealed record InpaintingState(MeanColor Mean, PaddingMode Padding, long MaxPixels, HolePrefill Prefill = HolePrefill.MeanColor);
