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
/// then loads the library. Only copies inside the app's own folder are rewritten, so an app or test run never changes
/// the NuGet cache; the one exception is a host that loads TorchSharp.dll itself from outside the app folder
/// (notebooks through dotnet-repl or Polyglot), where TorchSharp loads its native library only by path beside its
/// own package, so that copy (and TorchSharp's consolidation folder) is the one that must load. If a copy cannot be
/// rewritten (read-only folder), a patched copy is loaded from the temp folder instead, through a DllImport resolver
/// on the TorchSharp assembly. Upstream: TorchSharp 0.107's native library is built with GCC 13; the test
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
    private static string? s_fallbackCopy;

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

    /// <summary>
    /// The copies this process may rewrite: those inside the app's own folder, or, when TorchSharp.dll itself was loaded
    /// from outside it (a notebook host), the ones beside TorchSharp's package, which is where TorchSharp then loads from.
    /// </summary>
    internal static IEnumerable<string> PatchTargets()
    {
        string app = Path.TrimEndingDirectorySeparator(Path.GetFullPath(AppContext.BaseDirectory)) + Path.DirectorySeparatorChar;
        string managed = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? string.Empty;
        bool hostedOutsideTheApp = managed.Length > 0 && !(Path.GetFullPath(managed) + Path.DirectorySeparatorChar).StartsWith(app, StringComparison.Ordinal);
        return CandidateLibraries().Where(library => hostedOutsideTheApp || library.StartsWith(app, StringComparison.Ordinal));
    }

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

        if (unwritable is not null && Environment.GetEnvironmentVariable("GLCIC_TORCHSHARP_PATCH_MODE") != "in-place-only")
        {
            notes.Add(LoadPatchedCopy(unwritable));
        }

        return notes.Count == 0
            ? $"{StdCxx} lacks {MissingVersion}, but no {LibraryFile} was found next to the app or TorchSharp; TorchSharp will report what it looked for"
            : string.Join("; ", notes);
    }

    /// <summary>For read-only installs: patch a copy in the temp folder and hand it to TorchSharp's DllImports.</summary>
    internal static string LoadPatchedCopy(string original)
    {
        string folder = Path.Combine(Path.GetTempPath(), "glcicml-torchsharp", $"{new FileInfo(original).Length:x}-{File.GetLastWriteTimeUtc(original).Ticks:x}");
        Directory.CreateDirectory(folder);
        string copy = Path.Combine(folder, LibraryFile);
        if (!File.Exists(copy))
        {
            string temp = copy + $".{Guid.NewGuid():N}.tmp";
            File.Copy(original, temp);
            byte[] bytes = File.ReadAllBytes(temp);
            ElfVersionNeeds.MakeWeak(bytes, StdCxx, MissingVersion);
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, copy, overwrite: true);
        }

        s_fallbackCopy = copy;
        NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, ResolveFromPatchedCopy);
        return $"loading a patched copy {copy} instead";
    }

    private static IntPtr ResolveFromPatchedCopy(string name, System.Reflection.Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (s_fallbackCopy is null || !name.Contains("LibTorchSharp", StringComparison.Ordinal))
        {
            return IntPtr.Zero; // default probing
        }

        // The copy's RUNPATH ($ORIGIN) no longer points at libtorch: load its dependencies by name first, so the
        // loader finds them among the already loaded libraries.
        foreach (string dependency in new[] { "c10", "torch_cpu", "torch" })
        {
            NativeLibrary.TryLoad(dependency, assembly, searchPath, out _);
        }

        return NativeLibrary.Load(s_fallbackCopy);
    }

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
