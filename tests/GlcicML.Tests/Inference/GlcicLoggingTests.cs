using GlcicML.Inference;
using GlcicML.Tests.TestSupport;

namespace GlcicML.Tests.Inference;

[Collection(nameof(GlcicLoggingTests))]
public class GlcicLoggingTests
{
    [Fact]
    public void WithoutALogOption_TheInpaintersMessagesReachTheHostsSink()
    {
        var messages = new List<(string Component, string Message)>();
        GlcicLogging.Sink = (component, message) => { lock (messages) { messages.Add((component, message)); } };
        try
        {
            using var inpainter = GlcicInpainter.Load(Samples.TinyModel);
        }
        finally
        {
            GlcicLogging.Sink = null;
        }

        Assert.Contains(messages, m => m.Component == "GlcicML.Inference" && m.Message.Contains("running on the CPU", StringComparison.Ordinal));
    }
}
