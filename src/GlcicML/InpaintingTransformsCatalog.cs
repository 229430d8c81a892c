namespace GlcicML;

/// <summary>
/// GlcicML's ML.NET transforms, on <c>mlContext.Transforms</c> next to ML.NET's own image transforms.
/// </summary>
/// <example>
/// <code>
/// var pipeline = ml.Transforms.LoadImages("Image", imageFolder, "Path")
///     .Append(ml.Transforms.ResizeImages("Image", 256, 256))
///     .Append(ml.Transforms.GenerateInpaintingMasks("Mask", "Image", MaskShape.Rectangles, seed: 1))
///     .Append(ml.Transforms.FillHolesWithMeanColor("Filled", "Image", "Mask"));
/// </code>
/// </example>
public static class InpaintingTransformsCatalog
{
    /// <summary>
    /// Adds a column of generated hole masks (white = hole), one per image, drawn with the paper's training defaults
    /// for rectangles (one hole of 96–128 px) or with free-form brush strokes.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the mask column to add.</param>
    /// <param name="imageColumnName">Name of the image column (MLImage).</param>
    /// <param name="shape">Rectangles (the default) or free-form strokes.</param>
    /// <param name="seed">Seed; each row's mask depends on it and on the image's content.</param>
    public static MaskGeneratingEstimator GenerateInpaintingMasks(this TransformsCatalog catalog, string outputColumnName = "Mask", string imageColumnName = "Image", MaskShape shape = MaskShape.Rectangles, int seed = 0)
    {
        MaskGeneratorOptions generator = shape == MaskShape.FreeForm ? MaskGeneratorOptions.FreeFormStrokes : MaskGeneratorOptions.PaperTraining;
        return GenerateInpaintingMasks(catalog, new MaskGeneratingEstimator.Options
        {
            OutputColumnName = outputColumnName,
            ImageColumnName = imageColumnName,
            Generator = generator,
            Seed = seed,
        });
    }

    /// <summary>Adds a column of generated hole masks with full control over shapes, seeding and row identity.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">Columns, hole bounds, seed, key column and per-pass behaviour.</param>
    public static MaskGeneratingEstimator GenerateInpaintingMasks(this TransformsCatalog catalog, MaskGeneratingEstimator.Options options)
    {
        ImageTypeRegistration.Ensure();
        return new MaskGeneratingEstimator(catalog, options);
    }

    /// <summary>
    /// Adds a column of masks read from a column of mask images (e.g. loaded with <c>LoadImages</c> from a mask folder),
    /// binarised with an explicit channel, threshold and polarity, and checked to have each image's size.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the mask column to add.</param>
    /// <param name="maskImageColumnName">Name of the column holding the user's mask images (gray, RGB or RGBA).</param>
    /// <param name="imageColumnName">Name of the image column the masks belong to.</param>
    /// <param name="readOptions">Channel, threshold and polarity; the default reads luminance ≥ 50% as a hole.</param>
    public static MaskConvertingEstimator ConvertToInpaintingMasks(this TransformsCatalog catalog, string outputColumnName, string maskImageColumnName, string imageColumnName = "Image", MaskReadOptions? readOptions = null)
    {
        ImageTypeRegistration.Ensure();
        return MaskConvertingEstimator.FromColumn(catalog, outputColumnName, maskImageColumnName, imageColumnName, readOptions);
    }

    /// <summary>
    /// Adds a column holding one mask, read from a file now and embedded in the model, for every image row; each image
    /// must have the mask's size.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the mask column to add.</param>
    /// <param name="maskFilePath">The mask file (gray, RGB or RGBA).</param>
    /// <param name="imageColumnName">Name of the image column.</param>
    /// <param name="readOptions">Channel, threshold and polarity; the default reads luminance ≥ 50% as a hole.</param>
    /// <exception cref="ImageLoadException">The mask file cannot be read.</exception>
    public static MaskConvertingEstimator LoadInpaintingMask(this TransformsCatalog catalog, string outputColumnName, string maskFilePath, string imageColumnName = "Image", MaskReadOptions? readOptions = null)
    {
        ImageTypeRegistration.Ensure();
        return MaskConvertingEstimator.FromFile(catalog, outputColumnName, maskFilePath, imageColumnName, readOptions);
    }

    /// <summary>
    /// Fills each image's holes with the mean colour: the dataset mean computed when fitting, or the given one
    /// (e.g. the mean a trained model was trained with). Optionally also emits the network's 4-channel input.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the filled-image column to add.</param>
    /// <param name="imageColumnName">Name of the image column.</param>
    /// <param name="maskColumnName">Name of the mask column (white = hole).</param>
    /// <param name="networkInputColumnName">Name of a float-vector column for the network input (planar R, G, B, mask), or null for none.</param>
    /// <param name="mean">The fill colour, or null to compute the dataset mean when fitting.</param>
    public static MeanColorFillingEstimator FillHolesWithMeanColor(this TransformsCatalog catalog, string outputColumnName = "Filled", string imageColumnName = "Image", string maskColumnName = "Mask", string? networkInputColumnName = null, MeanColor? mean = null)
    {
        ImageTypeRegistration.Ensure();
        return new MeanColorFillingEstimator(catalog, new MeanColorFillingEstimator.Options
        {
            OutputColumnName = outputColumnName,
            ImageColumnName = imageColumnName,
            MaskColumnName = maskColumnName,
            NetworkInputColumnName = networkInputColumnName,
            Mean = mean,
        });
    }

    /// <summary>
    /// Polishes completed images as the paper does: fast-marching inpainting of the holes, then Poisson blending of the
    /// completed content onto it, so the colour seam at the hole's edge disappears. Pixels outside the holes are kept.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the image column to add.</param>
    /// <param name="imageColumnName">Name of the completed-image column (e.g. the output of InpaintImages).</param>
    /// <param name="maskColumnName">Name of the mask column the images were completed with (white = hole).</param>
    /// <param name="steps">Which steps run and the fast-marching radius; null for the authors' pipeline (radius 1, both steps).</param>
    public static PostProcessingEstimator PostProcessInpainting(this TransformsCatalog catalog, string outputColumnName = "PostProcessed", string imageColumnName = "Inpainted", string maskColumnName = "Mask", PostProcessingOptions? steps = null)
    {
        ImageTypeRegistration.Ensure();
        return new PostProcessingEstimator(catalog, new PostProcessingEstimator.Options
        {
            OutputColumnName = outputColumnName,
            ImageColumnName = imageColumnName,
            MaskColumnName = maskColumnName,
            Steps = steps ?? PostProcessingOptions.Default,
        });
    }

    /// <summary>Polishes completed images (fast marching, then Poisson blending) with full control over the settings.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">Columns and steps.</param>
    public static PostProcessingEstimator PostProcessInpainting(this TransformsCatalog catalog, PostProcessingEstimator.Options options)
    {
        ImageTypeRegistration.Ensure();
        return new PostProcessingEstimator(catalog, options);
    }

    /// <summary>
    /// Completes the holes of each image with a GlcicML ONNX model (written by <c>glcic-train export</c>): the mask's holes are
    /// filled with the model's mean colour, the image is padded to a multiple of 4, the network runs (rows of equal size
    /// in batches), and its output replaces only the hole pixels.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the completed-image column to add.</param>
    /// <param name="modelPath">The .onnx model file; read now (its bytes are saved with the pipeline).</param>
    /// <param name="imageColumnName">Name of the image column.</param>
    /// <param name="maskColumnName">Name of the mask column (white = hole).</param>
    /// <param name="options">Device, threads, batch size, mean override, padding; the defaults run on the CPU.</param>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a GlcicML model; the message says what was expected and found.</exception>
    public static InpaintingEstimator InpaintImages(this TransformsCatalog catalog, string outputColumnName, string modelPath, string imageColumnName = "Image", string maskColumnName = "Mask", InpaintingEstimator.Options? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"Model '{modelPath}' does not exist.", modelPath);
        }

        return InpaintImages(catalog, File.ReadAllBytes(modelPath), modelPath, (options ?? new()) with
        {
            OutputColumnName = outputColumnName,
            ImageColumnName = imageColumnName,
            MaskColumnName = maskColumnName,
        });
    }

    /// <summary>Completes the holes of each image with a GlcicML ONNX model held in memory.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="model">The model's bytes.</param>
    /// <param name="source">A name for messages.</param>
    /// <param name="options">Columns, device, threads, batch size, mean override, padding.</param>
    public static InpaintingEstimator InpaintImages(this TransformsCatalog catalog, byte[] model, string source, InpaintingEstimator.Options options)
    {
        ImageTypeRegistration.Ensure();
        return new InpaintingEstimator(catalog, model, source, options);
    }
}
