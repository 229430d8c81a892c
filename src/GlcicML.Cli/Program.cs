using System.CommandLine;
using GlcicML.Cli.Commands;

namespace GlcicML.Cli;

internal static class Program
{
    public static int Main(string[] args) => BuildRootCommand().Parse(args).Invoke();

    internal static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("glcic: Globally and Locally Consistent Image Completion (SIGGRAPH 2017) in .NET.")
        {
            DemoCommand.Create(),
            MasksCommand.Create(),
            FillCommand.Create(),
            TrainCommand.Create(),
            ExportCommand.Create(),
            InpaintCommand.Create(),
            PostprocessCommand.Create(),
            MergeReportsCommand.Create(),
            EvalCommand.Create(),
            ScenesCommand.Create(),
        };
        foreach (Command command in root.Subcommands)
        {
            GuardAction(command);
        }

        return root;
    }

    /// <summary>Turns the errors a user can fix (missing input, bad option values) into one clear line and exit code 2,
    /// instead of a stack trace.</summary>
    private static void GuardAction(Command command)
    {
        if (command.Action is not System.CommandLine.Invocation.SynchronousCommandLineAction inner)
        {
            return;
        }

        command.SetAction(result =>
        {
            try
            {
                return inner.Invoke(result);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or ArgumentException or InvalidOperationException or FormatException
                or InvalidDataException or GlcicML.Imaging.ImageLoadException or UnauthorizedAccessException)
            {
                result.InvocationConfiguration.Error.WriteLine($"glcic {command.Name}: {e.Message}");
                return 2;
            }
        });
    }
}
