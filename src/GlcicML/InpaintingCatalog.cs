namespace GlcicML;

/// <summary>
/// GlcicML's entry point on an <see cref="MLContext"/>: <c>mlContext.Inpainting()</c>. Transforms are also on
/// <c>mlContext.Transforms</c> (see <see cref="InpaintingTransformsCatalog"/>); trainers come from GlcicML.Training
/// (<c>mlContext.Inpainting().Trainers.Glcic(options)</c>).
/// </summary>
public sealed class InpaintingCatalog
{
    internal InpaintingCatalog(MLContext context)
    {
        Context = context;
        Trainers = new InpaintingTrainers(context);
    }

    /// <summary>The context this catalog belongs to.</summary>
    public MLContext Context { get; }

    /// <summary>The transforms (GlcicML's are extension methods on it).</summary>
    public TransformsCatalog Transforms => Context.Transforms;

    /// <summary>Inpainting trainers; GlcicML.Training adds <c>Glcic(options)</c>.</summary>
    public InpaintingTrainers Trainers { get; }
}

/// <summary>Where inpainting trainers attach as extension methods (GlcicML.Training adds <c>Glcic</c>).</summary>
public sealed class InpaintingTrainers
{
    internal InpaintingTrainers(MLContext context) => Context = context;

    /// <summary>The context the trainers belong to.</summary>
    public MLContext Context { get; }
}

/// <summary>Adds <c>Inpainting()</c> to <see cref="MLContext"/>.</summary>
public static class InpaintingCatalogExtensions
{
    /// <summary>GlcicML's catalog for this context.</summary>
    public static InpaintingCatalog Inpainting(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new InpaintingCatalog(mlContext);
    }
}
