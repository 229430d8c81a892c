using System.CommandLine;
using GlcicML.Cli.Commands;

namespace GlcicML.Cli;

internal static class Program
{
    public static int Main(string[] args) => Run(args);

    /// <summary>
    /// Parses and runs a command line. Exit codes: 0 done, 1 some inputs failed, 2 a usage error (System.CommandLine
    /// reports its own parse and validation errors as 1; they are usage errors too), 3 training diverged, 130 stopped.
    /// </summary>
    internal static int Run(string[] args, InvocationConfiguration? configuration = null)
    {
        ParseResult parsed = BuildRootCommand().Parse(args);
        int exit = configuration is null ? parsed.Invoke() : parsed.Invoke(configuration);
        return parsed.Errors.Count > 0 && exit == 1 ? 2 : exit;
    }

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
