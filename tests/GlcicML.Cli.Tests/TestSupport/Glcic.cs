using System.CommandLine;

namespace GlcicML.Cli.Tests.TestSupport;

/// <summary>
/// Runs glcic in-process, capturing what it prints: the training commands with the glcic-train tool (as a user
/// would), the rest with the glcic tool.
/// </summary>
internal static class Glcic
{
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args) =>
        IsTrainingCommand(args) ? Capture(TrainingProgram.Run, args) : Capture(Program.Run, args);

    /// <summary>Runs the glcic tool (no libtorch) whatever the command.</summary>
    public static (int Exit, string Stdout, string Stderr) RunInferenceTool(params string[] args) => Capture(Program.Run, args);

    /// <summary>The tool's assembly a child process runs for <paramref name="args"/>.</summary>
    public static string ToolFor(string[] args) => IsTrainingCommand(args) ? "glcic-train.dll" : "glcic.dll";

    private static bool IsTrainingCommand(string[] args) => args.Length > 0 && Program.TrainingToolCommands.Contains(args[0]);

    private static (int Exit, string Stdout, string Stderr) Capture(Func<string[], InvocationConfiguration?, int> run, string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = run(args, new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
