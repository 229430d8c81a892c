using System.Security.Cryptography;
using GlcicML.Cli.Tests.TestSupport;
using GlcicML.Imaging;
using GlcicML.Masks;
using GlcicML.Tests.TestSupport;

namespace GlcicML.Cli.Tests;

/// <summary>
/// The bad-input matrix: one row per kind of bad (or unusual but valid) input a user can hand a command. Each row
/// checks the exit code, that the output names the file (or option) and says what to do, that no file under the
/// inputs (in/, masks/, models/, data/) changed, and that no temporary file is left anywhere.
/// </summary>
public class BadInputMatrixTests
{
    private static readonly string Model = Samples.TinyModel;

    private static readonly Dictionary<string, Case> s_cases = AllCases().ToDictionary(c => c.Name);

    /// <summary>One kind of input: how to lay it out, the command, and what the user must see.</summary>
    internal sealed record Case(string Name, Action<TempFolder> Arrange, Func<TempFolder, string[]> Command, int Exit, params string[] Says)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<string> Cases() => [.. s_cases.Keys];

    private static List<Case> AllCases() =>
    [
        // Images that cannot be read: skipped, reported by name with the reason, the others still done (exit 1).
        Image("empty file", "in/empty.png", _ => [], 1, "empty.png", "Empty"),
        Image("text saved as .png", "in/notes.png", _ => "hello"u8.ToArray(), 1, "notes.png", "NotAnImage"),
        Image("truncated PNG", "in/cut.png", _ => Png(140, 132)[..200], 1, "cut.png"),
        Image("truncated JPEG", "in/cut.jpg", _ => TestJpeg.Encode(Samples.Gradient(140, 132))[..300], 1, "cut.jpg"),
        Image("decompression bomb header", "in/bomb.png", _ => TestPng.HeaderOnly(60_000, 60_000), 1, "bomb.png", "--max-pixels"),
        Image("1x1 image", "in/dot.png", _ => Png(1, 1), 1, "dot.png"),
        Image("3x5 image", "in/chip.png", _ => Png(3, 5), 1, "chip.png"),
        Image("zero-length jpg", "in/zero.jpg", _ => [], 1, "zero.jpg"),
        Image("PNG signature only", "in/sig.png", _ => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], 1, "sig.png"),
        Image("JPEG header only", "in/head.jpg", _ => [0xFF, 0xD8, 0xFF, 0xE0, 0, 16], 1, "head.jpg"),
        Image("random bytes", "in/noise.jpg", _ => [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))], 1, "noise.jpg"),
        Image("image over a small --max-pixels", "in/big.png", _ => Png(200, 200), 1, "big.png", "--max-pixels", extra: ["--max-pixels", "30000"]),

        // Unusual but valid images: completed, exit 0.
        Image("grayscale PNG", "in/gray.png", _ => TestPng.Encode(140, 132, TestPng.Gray, new byte[140 * 132]), 0),
        Image("RGBA PNG", "in/alpha.png", _ => TestPng.Encode(140, 132, TestPng.Rgba, [.. Enumerable.Repeat((byte)120, 140 * 132 * 4)]), 0),
        Image("EXIF-rotated JPEG", "in/rotated.jpg", _ => TestJpeg.WithExifOrientation(TestJpeg.Encode(Samples.Gradient(140, 132)), 6), 0),
        Image("spaces and accents in the name", "in/café au lait ü.png", _ => Png(140, 132), 0),
        Image("name starting with a dash", "in/-x.png", _ => Png(140, 132), 0),
        Image("upper-case extension", "in/LOUD.PNG", _ => Png(140, 132), 0),
        Image("names differing only by case", "in/Case.png", _ => Png(140, 132), 1, ["case.png", "rename"], arrangeMore: t => File.WriteAllBytes(t.Combine("in", "case.png"), Png(136, 132, 1))),
        Image("same stem, two formats", "in/good.jpg", _ => TestJpeg.Encode(Samples.Gradient(140, 132, 2)), 1, "good.jpg", "good.png"),
        Image("a folder named like an image", "in/folder.png/inner.png", _ => Png(140, 132), 0),
        Image("a non-image file", "in/readme.txt", _ => "not an image"u8.ToArray(), 0),
        Image("deep subfolders", "in/a/b/c/d/deep.png", _ => Png(140, 132), 0),
        Image("image too thin to reflect-pad", "in/thin.png", _ => Png(140, 2), 1, ["thin.png", "replicate"], ["--hole-min", "1", "--hole-max", "2", "--holes-min", "1", "--holes-max", "1"]),
        Image("image too small for the default holes", "in/small.png", _ => Png(20, 20), 1, "small.png", "--hole-min"),

        // Masks.
        Masked("a mask missing for one image", t => { }, 1, "good.png", "no mask"),
        Masked("mask of another size", t => InpaintingMask.Empty(50, 40).Save(t.Combine("masks", "good.png")), 1, "good.png", "140x132"),
        Masked("corrupt mask file", t => File.WriteAllBytes(t.Combine("masks", "good.png"), "xx"u8.ToArray()), 1, "good.png"),
        Masked("empty mask (no hole)", t => InpaintingMask.Empty(140, 132).Save(t.Combine("masks", "good.png")), 0),
        Masked("full mask (all hole)", t => InpaintingMask.FromRectangles(140, 132, [new PixelRectangle(0, 0, 140, 132)]).Save(t.Combine("masks", "good.png")), 0),
        Masked("gray mask (threshold decides)", t => File.WriteAllBytes(t.Combine("masks", "good.png"), TestPng.Encode(140, 132, TestPng.Gray, [.. Enumerable.Repeat((byte)200, 140 * 132)])), 0),
        Masked("full mask with post-processing", t => InpaintingMask.FromRectangles(140, 132, [new PixelRectangle(0, 0, 140, 132)]).Save(t.Combine("masks", "good.png")), 0, ["good.png", "post-processing", "skipped"], ["--postprocess"]),
        new("one mask file of the wrong size for every image", t => { Good(t); InpaintingMask.Empty(20, 20).Save(t.Combine("masks", "one.png")); }, t => Inpaint(t, "-m", t.Combine("masks", "one.png")), 1, "good.png", "20x20"),
        new("masks path that does not exist", Good, t => Inpaint(t, "-m", t.Combine("nowhere")), 2, "nowhere"),
        new("--masks and --random-masks together", Good, t => Inpaint(t, "-m", t.Combine("in"), "--random-masks", "FreeForm"), 2, "--masks or --random-masks"),
        new("--save-masks inside the input", Good, t => Inpaint(t, "--save-masks", t.Combine("in", "m")), 2, "inside the input folder"),

        // Models.
        new("model file missing", Good, t => InpaintWith(t, t.Combine("models", "none.onnx")), 2, "none.onnx", "does not exist"),
        new("model is a text file", t => { Good(t); t.WriteBytes("models/text.onnx", "hello"u8.ToArray()); }, t => InpaintWith(t, t.Combine("models", "text.onnx")), 2, "text.onnx", "not an ONNX model"),
        new("model is a PNG", t => { Good(t); t.WriteBytes("models/photo.onnx", Png(8, 8)); }, t => InpaintWith(t, t.Combine("models", "photo.onnx")), 2, "photo.onnx"),
        new("model truncated", t => { Good(t); t.WriteBytes("models/cut.onnx", File.ReadAllBytes(Model)[..1000]); }, t => InpaintWith(t, t.Combine("models", "cut.onnx")), 2, "cut.onnx"),
        new("model without GlcicML metadata", t => { Good(t); t.WriteBytes("models/bare.onnx", EditedModels.WithoutMetadata()); }, t => InpaintWith(t, t.Combine("models", "bare.onnx")), 2, "bare.onnx", "glcic-train export"),
        new("model from a newer format", t => { Good(t); t.WriteBytes("models/future.onnx", EditedModels.WithMetadata("glcic.format_version", "99")); }, t => InpaintWith(t, t.Combine("models", "future.onnx")), 2, "future.onnx", "Update GlcicML"),
        new("model with a NaN mean colour", t => { Good(t); t.WriteBytes("models/nanmean.onnx", EditedModels.WithMetadata("glcic.mean_rgb", "NaN,0.5,0.5")); }, t => InpaintWith(t, t.Combine("models", "nanmean.onnx")), 2, "nanmean.onnx", "Re-export"),
        new("model with an unknown prefill", t => { Good(t); t.WriteBytes("models/odd.onnx", EditedModels.WithMetadata("glcic.prefill", "patchmatch")); }, t => InpaintWith(t, t.Combine("models", "odd.onnx")), 2, "odd.onnx", "patchmatch"),
        new("model whose output is NaN", t => { Good(t); t.WriteBytes("models/nan.onnx", EditedModels.WithConstantOutput(float.NaN)); }, t => InpaintWith(t, t.Combine("models", "nan.onnx")), 2, "nan.onnx", "non-finite", "Re-export"),
        new("model whose output is +Inf", t => { Good(t); t.WriteBytes("models/inf.onnx", EditedModels.WithConstantOutput(float.PositiveInfinity)); }, t => InpaintWith(t, t.Combine("models", "inf.onnx")), 2, "inf.onnx", "non-finite"),
        new("model whose output is smaller than its input", t => { Good(t); t.WriteBytes("models/cropped.onnx", EditedModels.WithCroppedOutput()); }, t => InpaintWith(t, t.Combine("models", "cropped.onnx")), 2, "cropped.onnx", "1×3×16×16"),
        new("model path is a folder", t => { Good(t); Directory.CreateDirectory(t.Combine("models", "dir.onnx")); }, t => InpaintWith(t, t.Combine("models", "dir.onnx")), 2, "dir.onnx"),

        // Outputs.
        new("output is the input folder", Good, t => ["inpaint", "--model", Model, "-i", t.Combine("in"), "-o", t.Combine("in")], 2, "in"),
        new("output holds the input folder", t => File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(t.Combine("out", "in", "in")).FullName, "p.png"), Png(140, 132)), t => ["inpaint", "--model", Model, "-i", t.Combine("out", "in"), "-o", t.Combine("out"), "--redo"], 1, "p.png"),
        new("output is an existing file", t => { Good(t); t.WriteBytes("out.png", Png(4, 4)); }, t => ["inpaint", "--model", Model, "-i", t.Combine("in"), "-o", t.Combine("out.png")], 2, "out.png"),
        new("output under a file", t => { Good(t); t.WriteBytes("file", [1]); }, t => ["inpaint", "--model", Model, "-i", t.Combine("in"), "-o", t.Combine("file", "out")], 2, "file"),
        new("input does not exist", _ => { }, t => ["inpaint", "--model", Model, "-i", t.Combine("missing"), "-o", t.Combine("out")], 2, "missing"),
        new("input folder empty", t => Directory.CreateDirectory(t.Combine("in")), t => ["inpaint", "--model", Model, "-i", t.Combine("in"), "-o", t.Combine("out")], 1, "no image"),
        new("symlink loop in the input", t => { Good(t); Directory.CreateSymbolicLink(t.Combine("in", "loop"), t.Combine("in")); }, t => Inpaint(t), 0),

        // Options out of range: usage errors naming the option.
        new("shard index past the count", Good, t => Inpaint(t, "--shard", "3/2"), 2, "Shard '3/2'"),
        new("shard not a fraction", Good, t => Inpaint(t, "--shard", "half"), 2, "Shard 'half'"),
        new("shard count zero", Good, t => Inpaint(t, "--shard", "0/0"), 2, "Shard '0/0'"),
        new("batch size zero", Good, t => Inpaint(t, "--batch-size", "0"), 2, "BatchSize"),
        new("negative threads", Good, t => Inpaint(t, "--threads", "-1"), 2, "CpuThreads"),
        new("unknown device", Good, t => Inpaint(t, "--device", "tpu"), 2, "tpu"),
        new("mean colour out of range", Good, t => Inpaint(t, "--mean", "2,0,0"), 2, "2"),
        new("mean colour not numbers", Good, t => Inpaint(t, "--mean", "grey"), 2, "grey"),
        new("unknown option", Good, t => Inpaint(t, "--colour", "red"), 2, "--colour"),

        // Other commands.
        new("masks: image smaller than the holes", t => t.WriteBytes("in/small.png", Png(20, 20)), t => ["masks", "-i", t.Combine("in"), "-o", t.Combine("out")], 1, "small.png", "--hole-min"),
        new("masks: fewest holes above most", Good, t => ["masks", "-i", t.Combine("in"), "-o", t.Combine("out"), "--holes-min", "3", "--holes-max", "2"], 2, "MinHoleCount"),
        new("fill: only unreadable images", t => t.WriteBytes("in/bad.png", "x"u8.ToArray()), t => ["fill", "-i", t.Combine("in"), "-o", t.Combine("out")], 2, "No readable image"),
        new("eval: output is a folder", t => { Good(t); Directory.CreateDirectory(t.Combine("metrics.json")); }, t => ["eval", "--model", Model, "-d", t.Combine("in"), "-o", t.Combine("metrics.json")], 2, "metrics.json", "file name"),
        new("eval: a corrupt image among good ones", t => { Good(t); t.WriteBytes("in/bad.png", "x"u8.ToArray()); }, t => ["eval", "--model", Model, "-d", t.Combine("in")], 1, "bad.png"),
        new("postprocess: mask of another size", t => { Good(t); InpaintingMask.Empty(20, 20).Save(t.Combine("masks", "m.png")); }, t => ["postprocess", "--image", t.Combine("in", "good.png"), "--mask", t.Combine("masks", "m.png"), "--output", t.Combine("out", "p.png")], 2, "20x20"),
        new("postprocess: mask covering everything", t => { Good(t); InpaintingMask.FromRectangles(140, 132, [new PixelRectangle(0, 0, 140, 132)]).Save(t.Combine("masks", "m.png")); }, t => ["postprocess", "--image", t.Combine("in", "good.png"), "--mask", t.Combine("masks", "m.png"), "--output", t.Combine("out", "p.png")], 2, "whole"),
        new("train: only tiny images", t => { t.WriteBytes("data/a.png", Png(1, 1)); t.WriteBytes("data/b.png", Png(3, 5)); }, t => ["train", "-d", t.Combine("data"), "-o", t.Combine("run"), "--size", "32", "--hole-min", "8", "--hole-max", "16", "--batch-size", "2", "--width", "0.125", "--iterations", "2"], 2, "large enough", "--size"),
        new("train: crop not a multiple of 4", t => t.WriteBytes("data/a.png", Png(64, 64)), t => ["train", "-d", t.Combine("data"), "-o", t.Combine("run"), "--size", "30"], 2, "CropSize"),
        new("train: data folder missing", _ => { }, t => ["train", "-d", t.Combine("nowhere"), "-o", t.Combine("run")], 2, "nowhere"),
        new("train: --resume without a checkpoint", t => t.WriteBytes("data/a.png", Png(64, 64)), t => ["train", "-d", t.Combine("data"), "-o", t.Combine("run"), "--resume"], 2, "--resume"),
        new("export: checkpoint is not one", t => t.WriteBytes("models/fake.ckpt", "zip?"u8.ToArray()), t => ["export", "-c", t.Combine("models", "fake.ckpt"), "-o", t.Combine("out.onnx")], 2, "fake.ckpt", "not a GlcicML training checkpoint"),
        new("merge-reports: no shard reports", t => Directory.CreateDirectory(t.Combine("out")), t => ["merge-reports", t.Combine("out")], 2, "report"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadInput_GetsAClearAnswer_AndNoInputChanges_AndNothingPartialIsLeft(string kind)
    {
        Case c = s_cases[kind];
        using var temp = new TempFolder();
        c.Arrange(temp);
        Dictionary<string, string> before = Hashes(temp.Path);

        (int exit, string stdout, string stderr) = Glcic.Run(c.Command(temp));

        string said = stdout + stderr;
        Assert.True(exit == c.Exit, $"{c.Name}: exit {exit}, expected {c.Exit}\n{said}");
        Assert.All(c.Says, s => Assert.True(said.Contains(s, StringComparison.Ordinal), $"{c.Name}: the output does not say '{s}':\n{said}"));
        Dictionary<string, string> after = Hashes(temp.Path);
        Assert.All(before, pair => Assert.True(after.TryGetValue(pair.Key, out string? hash) && hash == pair.Value, $"{c.Name}: {pair.Key} changed or vanished"));
        Assert.Empty(Directory.EnumerateFiles(temp.Path, "*.tmp", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }));
    }

    [Fact]
    public void TheMatrix_HasAtLeastSixtyKinds()
    {
        Assert.True(AllCases().Count >= 60, $"{AllCases().Count} kinds");
        Assert.Equal(AllCases().Count, s_cases.Count); // names are unique
    }

    private static Case Image(string name, string path, Func<TempFolder, byte[]> bytes, int exit, params string[] says) =>
        Image(name, path, bytes, exit, says, extra: []);

    private static Case Image(string name, string path, Func<TempFolder, byte[]> bytes, int exit, string[] says, string[]? extra = null, Action<TempFolder>? arrangeMore = null) =>
        new(name, t => { Good(t); t.WriteBytes(path, bytes(t)); arrangeMore?.Invoke(t); }, t => Inpaint(t, extra ?? []), exit, says);

    private static Case Image(string name, string path, Func<TempFolder, byte[]> bytes, int exit, string a, string b, string[] extra) =>
        Image(name, path, bytes, exit, [a, b], extra);

    private static Case Masked(string name, Action<TempFolder> masks, int exit, params string[] says) =>
        Masked(name, masks, exit, says, []);


    private static Case Masked(string name, Action<TempFolder> masks, int exit, string[] says, string[] extra) =>
        new(name, t => { Good(t); Directory.CreateDirectory(t.Combine("masks")); masks(t); }, t => Inpaint(t, ["-m", t.Combine("masks"), .. extra]), exit, says);

    /// <summary>One good 140×132 photo in in/, so batch runs have something to do besides the bad input.</summary>
    private static void Good(TempFolder temp) => temp.WriteBytes("in/good.png", Png(140, 132));

    private static string[] Inpaint(TempFolder t, params string[] extra) => ["inpaint", "--model", Model, "-i", t.Combine("in"), "-o", t.Combine("out"), "-q", .. extra];

    private static string[] InpaintWith(TempFolder t, string model) => ["inpaint", "--model", model, "-i", t.Combine("in"), "-o", t.Combine("out"), "-q"];

    private static byte[] Png(int width, int height, int variant = 0)
    {
        using var stream = new MemoryStream();
        Samples.Gradient(width, height, variant).Encode(stream, EncodedImageFormat.Png);
        return stream.ToArray();
    }

    private static Dictionary<string, string> Hashes(string root) =>
        Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Where(f => !Path.GetRelativePath(root, f).StartsWith("out", StringComparison.Ordinal) && !Path.GetRelativePath(root, f).StartsWith("run", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
