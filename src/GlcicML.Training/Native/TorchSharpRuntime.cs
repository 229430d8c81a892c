using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GlcicML.Training.Native;

/// <summary>
/// Makes TorchSharp's native library load on Linux distributions whose libstdc++ predates GCC 13 (Debian 12,
/// Ubuntu 22.04). Called automatically when GlcicML.Training is loaded; call <see cref="EnsureLoaded"/> yourself
/// before using TorchSharp directly.
/// </summary>
/// <remarks>
/// <para>TorchSharp 0.107's <c>libLibTorchSharp.so</c> was linked with GCC 13+ and requires GLIBCXX_3.4.32 for a single
/// symbol, <c>std::ios_base_library_init()</c>, which GCC 13 only references to pull in iostream initialisation;
/// nothing calls it. Older libstdc++ stops at GLIBCXX_3.4.30, so glibc refuses to load the library. When (and only
/// when) the process's libstdc++ lacks that symbol version, this class marks that one requirement weak in the copies
/// of <c>libLibTorchSharp.so</c> TorchSharp loads: one byte, written atomically (temporary file, then rename). glibc
/// then loads the library. Only copies inside the app's own folder are rewritten, never the NuGet cache: when a host
/// loads TorchSharp.dll from outside the app folder (notebooks through dotnet-repl or Polyglot, from the NuGet cache),
/// or a copy cannot be rewritten (read-only folder), a patched copy in the user's cache ($XDG_CACHE_HOME or
/// ~/.cache/glcicml/torchsharp) is loaded before TorchSharp looks, and TorchSharp finds it among the loaded libraries
/// and through a DllImport resolver on the TorchSharp assembly. Upstream: TorchSharp 0.107's native library is built with GCC 13; the test
/// <c>TorchSharpRuntimeTests.TheWorkaround_IsStillNeeded_OrCanGo</c> says when a TorchSharp update makes this unneeded.</para>
/// <para>Set the environment variable <c>GLCIC_TORCHSHARP_NO_PATCH=1</c> to turn this off.</para>
/// </remarks>
public static class TorchSharpRuntime
{
    internal const string LibraryFile = "libLibTorchSharp.so";
    internal const string StdCxx = "libstdc++.so.6";
    internal const string MissingVersion = "GLIBCXX_3.4.32";
    internal const string OnlySymbolOfThatVersion = "_ZSt21ios_base_library_initv";

    private static readonly Lock s_gate = new();
    private static string? s_report;
    private static IntPtr s_patchedCopy;

    /// <summary>What was found and done, for logs: e.g. "libstdc++ has GLIBCXX_3.4.32: nothing to do".</summary>
    public static string Report => EnsureLoaded();

    /// <summary>Runs the check and fix once per process; returns the report. Safe to call from any thread.</summary>
    public static string EnsureLoaded()
    {
        lock (s_gate)
        {
            return s_report ??= Prepare();
        }
    }

    // Runs before any code of this assembly, so TorchSharp cannot load its native library unfixed through us, and
    // libtorch's oneDNN reads its instruction-set cap before its first primitive. It only checks a symbol and CPUID,
    // rewrites one byte and sets one process variable when needed: cheap, idempotent and safe to run in a library.
#pragma warning disable CA2255 // ModuleInitializer in a library: deliberate, see above.
    [ModuleInitializer]
    internal static void OnAssemblyLoad()
    {
        _ = OneDnnPolicy.Report;
        EnsureLoaded();
    }
#pragma warning restore CA2255

    /// <summary>Whether the libstdc++ this process would use defines the symbol version TorchSharp asks for.</summary>
    internal static bool StdCxxHasRequiredVersion()
    {
        if (!NativeLibrary.TryLoad(StdCxx, out IntPtr handle))
        {
            return false;
        }

        return Dl.VersionedSymbol(handle, OnlySymbolOfThatVersion, MissingVersion) != IntPtr.Zero;
    }

    /// <summary>Patches one file in place if it has a strong GLIBCXX_3.4.32 need; true when it had to change.</summary>
    internal static bool PatchInPlace(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (ElfVersionNeeds.MakeWeak(bytes, StdCxx, MissingVersion) == 0)
        {
            return false;
        }

        string temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }

        return true;
    }

    /// <summary>The copies this process may rewrite: only those inside the app's own folder.</summary>
    internal static IEnumerable<string> PatchTargets()
    {
        string app = AppFolder;
        return CandidateLibraries().Where(library => library.StartsWith(app, StringComparison.Ordinal));
    }

    /// <summary>
    /// The native library beside TorchSharp's own package when TorchSharp.dll was loaded from outside the app folder (a
    /// notebook host loads it from the NuGet cache): never rewritten, a patched copy is loaded instead.
    /// </summary>
    internal static string? PackageLibraryOutsideTheApp()
    {
        string? managed = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (string.IsNullOrEmpty(managed) || (Path.GetFullPath(managed) + Path.DirectorySeparatorChar).StartsWith(AppFolder, StringComparison.Ordinal))
        {
            return null;
        }

        string library = Path.GetFullPath(Path.Combine(managed, "..", "..", "runtimes", "linux-x64", "native", LibraryFile));
        return File.Exists(library) ? library : null;
    }

    private static string AppFolder => Path.TrimEndingDirectorySeparator(Path.GetFullPath(AppContext.BaseDirectory)) + Path.DirectorySeparatorChar;

    /// <summary>Every place TorchSharp may load its native library from in this process.</summary>
    internal static IEnumerable<string> CandidateLibraries()
    {
        var folders = new List<string> { AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native") };
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchDirectories)
        {
            folders.AddRange(searchDirectories.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }

        // From a NuGet cache (notebooks, file-based apps): .../torchsharp/<version>/lib/<tfm>/TorchSharp.dll, natives in
        // .../torchsharp/<version>/runtimes/linux-x64/native, and TorchSharp's own consolidation folders next to the dll.
        string? managed = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (!string.IsNullOrEmpty(managed))
        {
            folders.Add(Path.GetFullPath(Path.Combine(managed, "..", "..", "runtimes", "linux-x64", "native")));
            folders.Add(Path.Combine(managed, "cpu"));
            if (Directory.Exists(managed))
            {
                folders.AddRange(Directory.EnumerateDirectories(managed, "cuda-*"));
            }
        }

        return folders.Select(f => Path.GetFullPath(Path.Combine(f, LibraryFile))).Distinct(StringComparer.Ordinal).Where(File.Exists);
    }

    private static string Prepare()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return "not Linux x64: nothing to do";
        }

        if (Environment.GetEnvironmentVariable("GLCIC_TORCHSHARP_NO_PATCH") == "1")
        {
            return "GLCIC_TORCHSHARP_NO_PATCH=1: left TorchSharp's native library as it is";
        }

        if (StdCxxHasRequiredVersion())
        {
            return $"{StdCxx} provides {MissingVersion}: nothing to do";
        }

        var notes = new List<string>();
        string? unwritable = null;
        foreach (string library in PatchTargets())
        {
            try
            {
                notes.Add(PatchInPlace(library) ? $"marked {MissingVersion} weak in {library}" : $"already loadable: {library}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                unwritable ??= library;
                notes.Add($"cannot rewrite {library} ({e.Message})");
            }
        }

        string? outside = PackageLibraryOutsideTheApp();
        if (outside is not null)
        {
            notes.Add(LoadPatchedCopy(outside));
        }
        else if (unwritable is not null)
        {
            notes.Add(LoadPatchedCopy(unwritable));
        }

        return notes.Count == 0
            ? $"{StdCxx} lacks {MissingVersion}, but no {LibraryFile} was found next to the app or TorchSharp; TorchSharp will report what it looked for"
            : string.Join("; ", notes);
    }

    /// <summary>
    /// For libraries this process must not or cannot rewrite (a notebook host's NuGet cache, a read-only install): a
    /// patched copy in the user's cache, loaded before TorchSharp looks. libtorch's libraries are loaded first from
    /// where they are, so the copy's needs resolve to them; TorchSharp's own load by name then finds the copy among
    /// the loaded libraries (by its soname), and its DllImports are resolved to it.
    /// </summary>
    internal static string LoadPatchedCopy(string original)
    {
        byte[] bytes = File.ReadAllBytes(original);
        string folder = Path.Combine(UserCache.Folder, "torchsharp", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16]);
        string copy = Path.Combine(folder, LibraryFile);
        if (!File.Exists(copy))
        {
            Directory.CreateDirectory(folder);
            ElfVersionNeeds.MakeWeak(bytes, StdCxx, MissingVersion);
            string temp = copy + $".{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, copy, overwrite: true);
        }

        string? libtorch = LibTorchFolder(Path.GetDirectoryName(original)!);
        if (libtorch is null)
        {
            return $"patched copy {copy} not loaded: libtorch's libtorch_cpu.so was not found beside {original}, in NATIVE_DLL_SEARCH_DIRECTORIES or in the NuGet packages folder";
        }

        foreach (string dependency in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" })
        {
            NativeLibrary.Load(Path.Combine(libtorch, dependency));
        }

        s_patchedCopy = NativeLibrary.Load(copy);
        NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, ResolveToPatchedCopy);
        return $"loaded a patched copy {copy} of {original} (libtorch from {libtorch}); {original} left unchanged";
    }

    /// <summary>The folder holding libtorch_cpu.so for <paramref name="torchSharpNatives"/>: beside it, on the host's native search path, or libtorch-cpu's package.</summary>
    private static string? LibTorchFolder(string torchSharpNatives)
    {
        var folders = new List<string> { torchSharpNatives };
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchDirectories)
        {
            folders.AddRange(searchDirectories.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }

        // .../packages/torchsharp/<version>/runtimes/linux-x64/native -> .../packages/libtorch-cpu-linux-x64/<newest>/runtimes/linux-x64/native
        string packages = Path.GetFullPath(Path.Combine(torchSharpNatives, "..", "..", "..", "..", ".."));
        string libtorchPackage = Path.Combine(packages, "libtorch-cpu-linux-x64");
        if (Directory.Exists(libtorchPackage))
        {
            folders.AddRange(Directory.EnumerateDirectories(libtorchPackage)
                .OrderByDescending(version => Version.TryParse(Path.GetFileName(version), out Version? v) ? v : new Version())
                .Select(version => Path.Combine(version, "runtimes", "linux-x64", "native")));
        }

        return folders.FirstOrDefault(folder => File.Exists(Path.Combine(folder, "libtorch_cpu.so")));
    }

    private static IntPtr ResolveToPatchedCopy(string name, System.Reflection.Assembly assembly, DllImportSearchPath? searchPath) =>
        name.Contains("LibTorchSharp", StringComparison.Ordinal) ? s_patchedCopy : IntPtr.Zero; // zero: default probing

    private static class Dl
    {
        public static IntPtr VersionedSymbol(IntPtr handle, string symbol, string version)
        {
            try
            {
                return dlvsym(handle, symbol, version);
            }
            catch (EntryPointNotFoundException)
            {
                // glibc before 2.34 keeps dlvsym in libdl.
                return dlvsymLibDl(handle, symbol, version);
            }
        }

        [DllImport("libc", EntryPoint = "dlvsym", CharSet = CharSet.Ansi, BestFitMapping = false)]
        private static extern IntPtr dlvsym(IntPtr handle, string symbol, string version);

        [DllImport("libdl.so.2", EntryPoint = "dlvsym", CharSet = CharSet.Ansi, BestFitMapping = false)]
        private static extern IntPtr dlvsymLibDl(IntPtr handle, string symbol, string version);
    }
}
