namespace GlcicML;

/// <summary>
/// Where GlcicML's one-line messages go when there is no ML.NET channel to write them to (an MLContext's log is used
/// whenever the operation runs inside ML.NET): a host sets <see cref="Sink"/> to route them (to its logger, a file,
/// a notebook cell); left unset, they go to <see cref="System.Diagnostics.Trace"/>, never nowhere.
/// </summary>
public static class GlcicLogging
{
    /// <summary>Receives (component, message); null (the default) writes to <see cref="System.Diagnostics.Trace"/>.</summary>
    public static Action<string, string>? Sink { get; set; }

    /// <summary>Writes one message from <paramref name="component"/>.</summary>
    public static void Write(string component, string message)
    {
        if (Sink is { } sink)
        {
            sink(component, message);
        }
        else
        {
            System.Diagnostics.Trace.TraceInformation("{0}: {1}", component, message);
        }
    }
}
