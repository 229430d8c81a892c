using System.CommandLine;

namespace GlcicML.Cli.Tests.TestSupport;

/// <summary>Runs glcic in-process, capturing what it prints.</summary>
internal static class Glcic
{
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Program.Run(args, new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
