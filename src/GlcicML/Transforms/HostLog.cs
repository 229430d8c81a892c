using System.Reflection;
using Microsoft.ML.Runtime;

namespace GlcicML.Transforms;

/// <summary>
/// Writes one-line messages to <c>MLContext.Log</c>. ML.NET hands the host environment to extension methods only
/// through an internal interface, so it is read by reflection; if that ever fails (a future ML.NET), messages go to
/// <see cref="GlcicLogging"/> instead of breaking the pipeline or being dropped.
/// </summary>
internal static class HostLog
{
    public static Action<string> For(TransformsCatalog catalog, string component)
    {
        try
        {
            Type? internalCatalog = typeof(TransformsCatalog).GetInterfaces().FirstOrDefault(i => i.Name == "IInternalCatalog");
            if (internalCatalog?.GetProperty("Environment", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(catalog) is IHostEnvironment environment)
            {
                IHost host = environment.Register(component);
                return message =>
                {
                    using IChannel channel = host.Start(component);
                    channel.Info(MessageSensitivity.None, "{0}", message);
                };
            }
        }
        catch (Exception e) when (e is TargetInvocationException or MemberAccessException or InvalidOperationException)
        {
            GlcicLogging.Write(component, $"MLContext.Log is not reachable ({e.Message}); GlcicML's messages go to GlcicLogging instead");
        }

        return message => GlcicLogging.Write(component, message);
    }
}
