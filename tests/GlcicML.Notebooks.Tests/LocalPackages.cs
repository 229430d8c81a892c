using System.Globalization;

namespace GlcicML.Notebooks.Tests;

/// <summary>
/// Packs GlcicML and GlcicML.Training into artifacts/packages, where notebooks/nuget.config points, as users do
/// before opening the notebooks. Each test run gets a new prerelease version: NuGet caches a version once, so reusing
/// one would load a stale build. The packages are removed again afterwards (from the folder and NuGet's cache), so a
/// user's own <c>local.N</c> packs stay the newest there.
/// </summary>
public sealed class LocalPackages : IDisposable
{
    private readonly string _folder;

    public LocalPackages()
    {
        string folder = _folder = Path.Combine(Repository.Root, "artifacts", "packages");
        Directory.CreateDirectory(folder);
        Version = "0.1.0-nb." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        foreach (string project in new[] { "src/GlcicML/GlcicML.csproj", "src/GlcicML.Training/GlcicML.Training.csproj" })
        {
            (int exit, string output) = Repository.Run(Repository.Root, TimeSpan.FromMinutes(10), null, "dotnet", "pack", project, "-c", "Release", "-o", folder, $"-p:Version={Version}");
            if (exit != 0)
            {
                throw new InvalidOperationException($"dotnet pack {project} failed:\n{output}");
            }
        }

        (int restored, string restoreOutput) = Repository.Run(Repository.Notebooks, TimeSpan.FromMinutes(5), null, "dotnet", "tool", "restore");
        if (restored != 0)
        {
            throw new InvalidOperationException($"dotnet tool restore (dotnet-repl) failed:\n{restoreOutput}");
        }
    }

    public string Version { get; }

    public void Dispose()
    {
        foreach (string package in Directory.GetFiles(_folder, $"GlcicML*.{Version}.*nupkg"))
        {
            File.Delete(package);
        }

        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string id in new[] { "glcicml", "glcicml.training" })
        {
            string extracted = Path.Combine(cache, id, Version);
            if (Directory.Exists(extracted))
            {
                Directory.Delete(extracted, recursive: true);
            }
        }
    }
}
