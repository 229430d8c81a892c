namespace GlcicML.Training.Native;

/// <summary>Where the training library keeps what it learns about this machine: the user's cache, never the app's inputs or the NuGet cache.</summary>
internal static class UserCache
{
    /// <summary>$XDG_CACHE_HOME (or ~/.cache; %LOCALAPPDATA% on Windows)/glcicml.</summary>
    public static string Folder
    {
        get
        {
            string? cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(cache))
            {
                cache = OperatingSystem.IsWindows()
                    ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            }

            return Path.Combine(cache, "glcicml");
        }
    }
}
