using System.Globalization;
using GlcicML.Scenes;

namespace GlcicML.Cli.Commands;

/// <summary><c>glcic-train scenes</c>: writes procedural scenes (sky, textured ground, structured shapes) as PNG files, e.g. to mix into training data.</summary>
internal static class ScenesCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder for the scenes (scene-0000.png, ...).", Required = true };
        var count = new Option<int>("--count") { Description = "How many scenes.", DefaultValueFactory = _ => 16 };
        var width = new Option<int>("--width") { Description = "Scene width in pixels.", DefaultValueFactory = _ => 512 };
        var height = new Option<int>("--height") { Description = "Scene height in pixels.", DefaultValueFactory = _ => 384 };
        Option<int> seed = CommonOptions.Seed();
        seed.Description = "Seed; scene k depends only on the seed and k.";
        var command = new Command("scenes", "Write procedural scenes (deterministic by seed) as PNG files, e.g. to mix into training data.") { output, count, width, height, seed };
        command.SetAction(result => Run(result.GetRequiredValue(output), result.GetValue(count), result.GetValue(width), result.GetValue(height), result.GetValue(seed), result.InvocationConfiguration.Output));
        return command;
    }

    public static int Run(string output, int count, int width, int height, int seed, TextWriter stdout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, "--count");
        for (int k = 0; k < count; k++)
        {
            ulong sceneSeed = Masks.MaskSeed.ForKey(seed, string.Create(CultureInfo.InvariantCulture, $"scene {k}"));
            SyntheticScene.Generate(width, height, sceneSeed).Save(Path.Combine(output, string.Create(CultureInfo.InvariantCulture, $"scene-{k:D4}.png")));
        }

        stdout.WriteLine($"{count} scenes of {width}x{height} (seed {seed}) written to {output}");
        return 0;
    }
}
