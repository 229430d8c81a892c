namespace GlcicML.Training.MLNet;

/// <summary>Adds the GLCIC trainer to <c>mlContext.Inpainting().Trainers</c>.</summary>
public static class InpaintingTrainersCatalog
{
    /// <summary>Trains GLCIC (Algorithm 1 of Iizuka et al. 2017) on the images of a data view.</summary>
    /// <param name="trainers">The inpainting trainers catalog.</param>
    /// <param name="options">Columns, the training procedure, checkpoints, progress and the returned transformer's settings.</param>
    public static GlcicTrainer Glcic(this InpaintingTrainers trainers, GlcicTrainer.Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(trainers);
        return new GlcicTrainer(trainers.Context, options ?? new GlcicTrainer.Options());
    }
}
