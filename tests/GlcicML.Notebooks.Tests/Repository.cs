using System.Diagnostics;
using System.Text;

namespace GlcicML.Notebooks.Tests;

/// <summary>The repository these tests run in, and a way to run commands in it.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Notebooks => Path.Combine(Root, "notebooks");

    /// <summary>Runs a command to completion (or the timeout), capturing everything it prints.</summary>
    public static (int Exit, string Output) Run(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}: {command} {string.Join(' ', args)}\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "GlcicML.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No GlcicML.sln above {AppContext.BaseDirectory}; the notebook tests run inside the repository.");
    }
}
