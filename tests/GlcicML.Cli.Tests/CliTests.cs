using GlcicML.Evaluation;
using GlcicML.Filling;
using GlcicML.Imaging;
using GlcicML.Masks;
using GlcicML.Cli.Tests.TestSupport;
using GlcicML.Tests.TestSupport;

namespace GlcicML.Cli.Tests;

public class CliTests
{
    [Fact]
    public void Masks_MirrorsTheFolderTree_SkipsAndReportsBadFiles()
    {
        using var temp = new TempFolder();
        Samples.Gradient(40, 30).Save(temp.Combine("in", "a.png"));
        Samples.Gradient(50, 20, 2).Save(temp.Combine("in", "sub", "B.PNG"));
        temp.WriteBytes("in/sub/notes.png", "not an image"u8.ToArray());
        temp.WriteBytes("in/readme.txt", "ignored"u8.ToArray());

        (int exit, string stdout, string stderr) = Glcic.Run("masks", "-i", temp.Combine("in"), "-o", temp.Combine("out"), "--seed", "4", "--hole-min", "5", "--hole-max", "15");

        Assert.Equal(1, exit);
        Assert.Contains("2 written", stdout, StringComparison.Ordinal);
        Assert.Contains("sub/notes.png", stderr, StringComparison.Ordinal);
        Assert.Contains("NotAnImage", stderr, StringComparison.Ordinal);
        InpaintingMask a = InpaintingMask.Load(temp.Combine("out", "a.png"));
        InpaintingMask b = InpaintingMask.Load(temp.Combine("out", "sub", "B.png"));
        Assert.Equal((50, 20), (b.Width, b.Height));
        var generator = MaskGeneratorOptions.AuthorsInference with { MinHoleSize = 5, MaxHoleSize = 15 }; // the default 2-4 holes
        Assert.True(a.ValuesEqual(MaskGenerator.Generate(40, 30, generator, MaskSeed.ForKey(4, "a.png"))), "masks are keyed by relative path");
    }

    [Fact]
    public void Fill_WithAMaskFolder_FillsWithTheDatasetMean_AndReportsAMismatchedMask()
    {
        using var temp = new TempFolder();
        RgbImage good = Samples.Gradient(30, 20);
        good.Save(temp.Combine("in", "good.png"));
        Samples.Gradient(30, 20, 1).Save(temp.Combine("in", "odd.jpg"));
        InpaintingMask mask = InpaintingMask.FromRectangles(30, 20, [new PixelRectangle(3, 3, 8, 8)]);
        mask.Save(temp.Combine("masks", "good.png"));
        InpaintingMask.Empty(31, 20).Save(temp.Combine("masks", "odd.png")); // same name, another extension, wrong size

        (int exit, string stdout, string stderr) = Glcic.Run("fill", "-i", temp.Combine("in"), "-m", temp.Combine("masks"), "-o", temp.Combine("out"));

        Assert.Equal(1, exit);
        Assert.Contains("mean colour over 2 images", stdout, StringComparison.Ordinal);
        Assert.Contains("odd.jpg", stderr, StringComparison.Ordinal);
        Assert.Contains("31x20", stderr, StringComparison.Ordinal);
        var accumulator = new MeanColorAccumulator();
        accumulator.Add(good);
        accumulator.Add(RgbImage.Load(temp.Combine("in", "odd.jpg")));
        Assert.True(RgbImage.Load(temp.Combine("out", "good.png")).PixelsEqual(MeanColorFill.Apply(good, mask, accumulator.Mean)));
    }

    [Fact]
    public void Fill_WithRandomMasksAndAGivenMean_Succeeds()
    {
        using var temp = new TempFolder();
        RgbImage image = Samples.Gradient(40, 40);
        image.Save(temp.Combine("in", "x.png"));

        (int exit, _, string stderr) = Glcic.Run("fill", "-i", temp.Combine("in", "x.png"), "--random-masks", "FreeForm", "--mean", "0,1,0", "--seed", "2", "-o", temp.Combine("out"));

        Assert.True(exit == 0, stderr);
        InpaintingMask expected = MaskGenerator.Generate(40, 40, MaskGeneratorOptions.FreeFormStrokes, MaskSeed.ForKey(2, "x.png"));
        Assert.True(RgbImage.Load(temp.Combine("out", "x.png")).PixelsEqual(MeanColorFill.Apply(image, expected, new MeanColor(0, 1, 0))));
    }

    [Fact]
    public void Fill_WithoutAMaskOption_DrawsTheAuthorsHoles_AsEveryCommandDoesByDefault()
    {
        using var temp = new TempFolder();
        RgbImage image = Samples.Gradient(160, 140);
        image.Save(temp.Combine("in", "x.png"));

        (int exit, _, string stderr) = Glcic.Run("fill", "-i", temp.Combine("in"), "-o", temp.Combine("out"), "--mean", "0,1,0", "--save-masks", temp.Combine("masks"));

        Assert.True(exit == 0, stderr);
        InpaintingMask expected = MaskGenerator.Generate(160, 140, MaskGeneratorOptions.AuthorsInference, MaskSeed.ForKey(0, "x.png"));
        Assert.True(InpaintingMask.Load(temp.Combine("masks", "x.png")).ValuesEqual(expected));
        Assert.Equal(MeanColorFill.Apply(image, expected, new MeanColor(0, 1, 0)).Pixels.ToArray(), RgbImage.Load(temp.Combine("out", "x.png")).Pixels.ToArray());
    }

    [Fact]
    public void EveryCommandThatDrawsHoles_HasTheSameDefaultSeedAndHoleShape()
    {
        var commands = Program.BuildRootCommand().Subcommands.Where(c => c.Name is "masks" or "fill" or "inpaint" or "eval" or "demo").ToList();
        object? Default(System.CommandLine.Command command, string name) => command.Options.Single(o => o.Name == name).GetDefaultValue();

        Assert.Equal(5, commands.Count);
        Assert.All(commands, c => Assert.Equal(0, Default(c, "--seed")));
        Assert.All(commands.Where(c => c.Name != "demo"), c =>
        {
            Assert.Equal(MaskGeneratorOptions.AuthorsInference.MinHoleSize, Default(c, "--hole-min"));
            Assert.Equal(MaskGeneratorOptions.AuthorsInference.MaxHoleSize, Default(c, "--hole-max"));
            Assert.Equal(MaskGeneratorOptions.AuthorsInference.MinHoleCount, Default(c, "--holes-min"));
            Assert.Equal(MaskGeneratorOptions.AuthorsInference.MaxHoleCount, Default(c, "--holes-max"));
        });
    }

    [Fact]
    public void SaveMasks_InsideTheInputOrOnTheOutput_IsRefused_AndWithMasksIsAUsageError()
    {
        using var temp = new TempFolder();
        Samples.Gradient(160, 140).Save(temp.Combine("in", "x.png"));

        (int inside, _, string insideError) = Glcic.Run("fill", "-i", temp.Combine("in"), "-o", temp.Combine("out"), "--mean", "0,1,0", "--save-masks", temp.Combine("in", "masks"));
        (int onOutput, _, string onOutputError) = Glcic.Run("fill", "-i", temp.Combine("in"), "-o", temp.Combine("out"), "--mean", "0,1,0", "--save-masks", temp.Combine("out"));
        (int withMasks, _, string withMasksError) = Glcic.Run("fill", "-i", temp.Combine("in"), "-o", temp.Combine("out"), "-m", temp.Combine("in", "x.png"), "--save-masks", temp.Combine("m"));

        Assert.Equal(2, inside);
        Assert.Contains("inside the input folder", insideError, StringComparison.Ordinal);
        Assert.Equal(2, onOutput);
        Assert.Contains("is the output folder", onOutputError, StringComparison.Ordinal);
        Assert.Equal(2, withMasks);
        Assert.Contains("--save-masks keeps generated masks", withMasksError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("in", "masks")));
        Assert.Single(Directory.GetFiles(temp.Combine("in"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void MissingInput_IsOneClearLine()
    {
        (int exit, _, string stderr) = Glcic.Run("masks", "-i", "/no/such/folder", "-o", "/tmp/unused");

        Assert.Equal(2, exit);
        Assert.StartsWith("glcic masks: Input '/no/such/folder' is neither a file nor a folder.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_InpaintsEverySamplePhotoWithTheBuiltInModel()
    {
        using var temp = new TempFolder();

        (int exit, string stdout, _) = Glcic.Run("demo", "-o", temp.Path);

        Assert.Equal(0, exit);
        Assert.Equal(SamplePhotos.Names.Count, Directory.GetFiles(temp.Path, "*-before-after.png").Length);
        Assert.Contains("models/glcic-demo.onnx", stdout, StringComparison.Ordinal);
        using var model = GlcicML.Inference.GlcicInpainter.FromBytes(DemoModel.Read(), "demo");
        double modelL1 = 0, inputL1 = 0, meanFillL1 = 0;
        foreach (string name in SamplePhotos.Names)
        {
            string stem = Path.GetFileNameWithoutExtension(name);
            RgbImage original = RgbImage.Load(temp.Combine(stem, "original.png"));
            InpaintingMask mask = InpaintingMask.Load(temp.Combine(stem, "mask.png"));
            RgbImage input = RgbImage.Load(temp.Combine(stem, "input.png"));
            RgbImage completed = RgbImage.Load(temp.Combine(stem, "completed.png"));
            RgbImage polished = RgbImage.Load(temp.Combine(stem, "postprocessed.png"));
            Assert.True(original.PixelsEqual(RgbImage.Load(Samples.PathOf(name))), name);
            Assert.InRange(mask.HoleFraction, 0.005, 0.3);
            PixelAssert.OutsideUnchanged(original, completed, mask);
            PixelAssert.OutsideUnchanged(original, polished, mask);
            Assert.Contains(name, stdout, StringComparison.Ordinal);
            modelL1 += ImageMetrics.MeanAbsoluteError(completed, original, mask);
            inputL1 += ImageMetrics.MeanAbsoluteError(input, original, mask);
            meanFillL1 += ImageMetrics.MeanAbsoluteError(MeanColorFill.Apply(original, mask, model.Mean), original, mask);
        }

        // A trained model, not random weights: much better than mean fill, and better than the prefill it starts from
        // (the network's input: fast marching for this model).
        Assert.True(modelL1 < 0.8 * meanFillL1, $"hole L1 summed over the photos: model {modelL1:F4}, mean fill {meanFillL1:F4}");
        Assert.True(modelL1 < inputL1, $"hole L1 summed over the photos: model {modelL1:F4}, its prefilled input {inputL1:F4}");
    }

    [Fact]
    public void Demo_TakesAnotherModel()
    {
        using var temp = new TempFolder();

        (int exit, string stdout, _) = Glcic.Run("demo", "-o", temp.Path, "--model", Samples.TinyModel);

        Assert.Equal(0, exit);
        Assert.Contains(Samples.TinyModel, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenes_WritesDeterministicProceduralScenes()
    {
        using var temp = new TempFolder();

        (int exit, _, _) = Glcic.Run("scenes", "-o", temp.Combine("a"), "--count", "3", "--width", "64", "--height", "48", "--seed", "2");
        Glcic.Run("scenes", "-o", temp.Combine("b"), "--count", "3", "--width", "64", "--height", "48", "--seed", "2");
        Glcic.Run("scenes", "-o", temp.Combine("c"), "--count", "1", "--width", "64", "--height", "48", "--seed", "3");

        Assert.Equal(0, exit);
        Assert.Equal(["scene-0000.png", "scene-0001.png", "scene-0002.png"], Directory.GetFiles(temp.Combine("a")).Select(Path.GetFileName).Order());
        Assert.Equal(File.ReadAllBytes(temp.Combine("a", "scene-0001.png")), File.ReadAllBytes(temp.Combine("b", "scene-0001.png")));
        Assert.NotEqual(File.ReadAllBytes(temp.Combine("a", "scene-0000.png")), File.ReadAllBytes(temp.Combine("c", "scene-0000.png")));
        Assert.Equal((64, 48), (RgbImage.Load(temp.Combine("a", "scene-0002.png")).Width, RgbImage.Load(temp.Combine("a", "scene-0002.png")).Height));
    }

    [Fact]
    public void UnexpectedException_IsABugReport_WithATraceFile_AndItsOwnExitCode_NotAUsageError()
    {
        var command = new System.CommandLine.Command("boom");
        command.SetAction(_ => ((string?)null)!.Length);
        Program.GuardAction(command);
        var stderr = new StringWriter();

        int exit = new System.CommandLine.RootCommand { command }.Parse(["boom"]).Invoke(new System.CommandLine.InvocationConfiguration { Error = stderr, Output = new StringWriter() });

        Assert.Equal(Program.UnexpectedError, exit);
        string said = stderr.ToString();
        Assert.Contains("unexpected error (NullReferenceException", said, StringComparison.Ordinal);
        string trace = System.Text.RegularExpressions.Regex.Match(said, @"the full trace is in (\S+\.txt)").Groups[1].Value;
        Assert.True(File.Exists(trace), said);
        Assert.Contains("at GlcicML.Cli.Tests", File.ReadAllText(trace), StringComparison.Ordinal);
        File.Delete(trace);
    }

    [Fact]
    public void TrainDefaults_AreTheLibrarysDefaults()
    {
        System.CommandLine.Command train = TrainingProgram.BuildRootCommand().Subcommands.Single(c => c.Name == "train");
        var library = new GlcicML.Training.Training.GlcicTrainingOptions();
        object? Default(string name) => train.Options.Single(o => o.Name == name).GetDefaultValue();

        Assert.Equal(library.CropSize, Default("--size"));
        Assert.Equal(library.MinHoleSize, Default("--hole-min"));
        Assert.Equal(library.MaxHoleSize, Default("--hole-max"));
        Assert.Equal(library.TotalIterations, Default("--iterations"));
        Assert.Equal(library.CompletionIterations, Default("--tc"));
        Assert.Equal(library.DiscriminatorIterations, Default("--td"));
        Assert.Equal(library.BatchSize, Default("--batch-size"));
        Assert.Equal(library.WidthMultiplier, Default("--width"));
        Assert.Equal(library.Alpha, Default("--alpha"));
        Assert.Equal(library.CheckpointEvery, Default("--checkpoint-every"));
    }

    [Fact]
    public void EveryCommand_GivesEachShortFlagOneMeaning()
    {
        var meanings = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (System.CommandLine.Command command in Program.BuildRootCommand().Subcommands)
        {
            foreach (System.CommandLine.Option option in command.Options)
            {
                foreach (string alias in option.Aliases.Where(a => a.Length == 2 && a[0] == '-'))
                {
                    (meanings.TryGetValue(alias, out HashSet<string>? names) ? names : meanings[alias] = new HashSet<string>(StringComparer.Ordinal)).Add(option.Name.TrimEnd('s'));
                }
            }
        }

        // --mask (postprocess: one file) and --masks (a folder or file) are the same concept.
        Assert.All(meanings, pair => Assert.True(pair.Value.Count == 1, $"{pair.Key} means {string.Join(" and ", pair.Value)}"));
    }
}
