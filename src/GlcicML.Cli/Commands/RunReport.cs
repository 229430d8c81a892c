namespace GlcicML.Cli.Commands;

/// <summary>Counts what a command did with each input and prints failures as they happen, with the reason.</summary>
internal sealed class RunReport(TextWriter output, TextWriter errors)
{
    private readonly List<(string Input, string Reason)> _failures = [];

    public int Succeeded { get; private set; }

    public IReadOnlyList<(string Input, string Reason)> Failures => _failures;

    public void Success() => Succeeded++;

    /// <summary>Runs the work for one input and counts it done; a known bad-input error is reported and the run goes on.</summary>
    public void Run(string input, Action work)
    {
        if (Attempt(input, work))
        {
            Succeeded++;
        }
    }

    /// <summary>Runs a preparation step for one input (counted when its output is written later); failures are reported.</summary>
    public void Prepare(string input, Action work) => Attempt(input, work);

    private bool Attempt(string input, Action work)
    {
        try
        {
            work();
            return true;
        }
        catch (Exception e) when (e is ImageLoadException or GlcicML.Masks.MaskUnavailableException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            string reason = e is ImageLoadException load ? $"{load.Reason}: {load.Message}" : e.Message;
            _failures.Add((input, reason));
            errors.WriteLine($"skipped {input}: {reason}");
            return false;
        }
    }

    /// <summary>Prints the summary; returns 0 when every input succeeded, 1 otherwise.</summary>
    public int Finish(string what, string outputFolder)
    {
        output.WriteLine($"{what}: {Succeeded} written to {outputFolder}, {_failures.Count} skipped.");
        return _failures.Count == 0 ? 0 : 1;
    }
}
