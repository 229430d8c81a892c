using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GlcicML.Transforms;

/// <summary>
/// Writes one-line messages to <c>MLContext.Log</c>. ML.NET hands the host environment to extension methods only
/// through an internal interface, so it is read by reflection; if that ever fails, messages are dropped rather
/// than breaking the pipeline.
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
        }

        return static _ => { };
    }
}
