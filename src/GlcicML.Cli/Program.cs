using GlcicML.Cli.Commands;

namespace GlcicML.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        RouteLibraryMessages();
        return Run(args);
    }

    /// <summary>
    /// Parses and runs a command line. Exit codes: 0 done, 1 some inputs failed, 2 a usage or input error (System.CommandLine
    /// reports its own parse and validation errors as 1; they are usage errors too), 3 training diverged, 70 an
    /// unexpected error (a bug: the trace is written to a file), 130 stopped.
    /// </summary>
    internal static int Run(string[] args, InvocationConfiguration? configuration = null) => Run(BuildRootCommand(), args, configuration);

    internal static int Run(RootCommand root, string[] args, InvocationConfiguration? configuration)
    {
        ParseResult parsed = root.Parse(args);
        int exit = configuration is null ? parsed.Invoke() : parsed.Invoke(configuration);
        return parsed.Errors.Count > 0 && exit == 1 ? 2 : exit;
    }

    /// <summary>The library's own messages (a layer falling back to fp32, a GPU fallback) to stderr, beside the tool's.</summary>
    internal static void RouteLibraryMessages() =>
        GlcicLogging.Sink ??= (component, message) => Console.Error.WriteLine($"{component}: {message}");

    /// <summary>The commands of the glcic-train tool (GlcicML.Cli.Training), which carries libtorch.</summary>
    internal static readonly string[] TrainingToolCommands = ["train", "export", "scenes", "curves"];

    internal static RootCommand BuildRootCommand() => BuildRootCommand(
        "glcic: Globally and Locally Consistent Image Completion (SIGGRAPH 2017) in .NET, with ONNX Runtime. Training is in the glcic-train tool.",
        [.. TrainingToolCommands.Select(TrainingToolPointer)], "glcic");

    /// <summary>The inference commands, with <paramref name="more"/> after them; every action guarded.</summary>
    internal static RootCommand BuildRootCommand(string description, IEnumerable<Command> more, string tool = "glcic")
    {
        var root = new RootCommand(description)
        {
            DemoCommand.Create(),
            MasksCommand.Create(),
            FillCommand.Create(),
            InpaintCommand.Create(),
            PostprocessCommand.Create(),
            MergeReportsCommand.Create(),
            EvalCommand.Create(),
        };
        foreach (Command command in more)
        {
            root.Subcommands.Add(command);
        }

        foreach (Command command in root.Subcommands)
        {
            GuardAction(command, tool);
        }

        return root;
    }

    /// <summary>
    /// A hidden command that says where a training command went, so <c>glcic train</c> from older instructions gets
    /// a way forward rather than "unrecognized command".
    /// </summary>
    private static Command TrainingToolPointer(string name)
    {
        var command = new Command(name) { Hidden = true, TreatUnmatchedTokensAsErrors = false };
        command.SetAction(result =>
        {
            result.InvocationConfiguration.Error.WriteLine(
                $"glcic {name}: training commands are in the glcic-train tool, which carries libtorch (this one does not): "
                + $"`dotnet tool install -g GlcicML.Cli.Training --prerelease`, then `glcic-train {name} ...` "
                + $"(from a clone: `dotnet run --project src/GlcicML.Cli.Training -- {name} ...`).");
            return 2;
        });
        return command;
    }

    /// <summary>Exit code of an unexpected error (sysexits' EX_SOFTWARE).</summary>
    internal const int UnexpectedError = 70;

    /// <summary>
    /// Turns the errors a user can fix (missing input, bad option values, unreadable files) into one clear line and exit
    /// code 2, instead of a stack trace; any other exception is a bug: a short message, the full trace written to a file
    /// (named in the message) and exit code 70, so it is never mistaken for a usage error.
    /// </summary>
    internal static void GuardAction(Command command, string tool = "glcic")
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
                result.InvocationConfiguration.Error.WriteLine($"{tool} {command.Name}: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                string trace = Path.Combine(Path.GetTempPath(), $"glcic-error-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.txt");
                string where;
                try
                {
                    File.WriteAllText(trace, $"{tool} {string.Join(' ', result.Tokens.Select(t => t.Value))}\n{DateTime.UtcNow:O}\n\n{e}\n");
                    where = $"the full trace is in {trace}";
                }
                catch (Exception writeError) when (writeError is IOException or UnauthorizedAccessException)
                {
                    where = $"the trace could not be written ({writeError.Message}):\n{e}";
                }

                result.InvocationConfiguration.Error.WriteLine($"{tool} {command.Name}: unexpected error ({e.GetType().Name}: {e.Message}). This is a bug in GlcicML; please report it with the trace: {where}");
                return UnexpectedError;
            }
        });
    }
}
