namespace GlcicML.Cli;

/// <summary>
/// <c>glcic-train</c>: the glcic tool's commands plus the ones that need TorchSharp and libtorch (train, export, curves)
/// and the synthetic scenes they train on; its <c>eval --judge</c> finds the naturalness judge. A separate tool so
/// that the glcic tool, which most users only inpaint with, stays without libtorch.
/// </summary>
internal static class TrainingProgram
{
    public static int Main(string[] args)
    {
        Program.RouteLibraryMessages();
        return Run(args);
    }

    /// <summary>Parses and runs a command line; exit codes as <see cref="Program.Run(string[], InvocationConfiguration?)"/>.</summary>
    internal static int Run(string[] args, InvocationConfiguration? configuration = null) =>
        Program.Run(BuildRootCommand(), args, configuration);

    internal static RootCommand BuildRootCommand() => Program.BuildRootCommand(
        "glcic-train: train GLCIC (SIGGRAPH 2017) with TorchSharp, export it to ONNX, and everything glcic does.",
        [TrainCommand.Create(), ExportCommand.Create(), ScenesCommand.Create(), CurvesCommand.Create()], "glcic-train");
}
