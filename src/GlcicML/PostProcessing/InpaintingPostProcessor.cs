namespace GlcicML.PostProcessing;

/// <summary>
/// The paper's post-processing (§3.5.1), as the authors' code runs it on the completed image: the holes are
/// inpainted by fast marching (radius 1) to make a background, then the completed image is Poisson-blended onto
/// that background with the hole mask. Pixels outside the holes are never changed.
/// </summary>
public static class InpaintingPostProcessor
{
    /// <summary>Post-processes a completed image (input outside the holes, network output inside).</summary>
    /// <param name="completed">The composite to polish.</param>
    /// <param name="mask">The holes that were completed.</param>
    /// <param name="options">Which steps run; <see cref="PostProcessingOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">Sizes differ, or (with fast marching) the mask covers the whole image.</exception>
    public static RgbImage Apply(RgbImage completed, InpaintingMask mask, PostProcessingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(completed);
        ArgumentNullException.ThrowIfNull(mask);
        options ??= PostProcessingOptions.Default;
        options.Validate();
        if (!mask.HasSizeOf(completed))
        {
            throw new ArgumentException($"The mask is {mask.Width}x{mask.Height} but the image is {completed.Width}x{completed.Height}; a mask must have its image's size.");
        }

        if (mask.IsEmpty)
        {
            return completed;
        }

        RgbImage background = options.Telea ? TeleaInpainting.Inpaint(completed, mask, options.TeleaRadius) : completed;
        return options.Blend ? PoissonBlending.Blend(completed, background, mask) : background;
    }
}
