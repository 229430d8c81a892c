using System.CommandLine;
using GlcicML.Filling;
using GlcicML.Imaging;
using GlcicML.Masks;

namespace GlcicML.Cli.Commands;

/// <summary>
/// <c>glcic demo</c>: the main job on the embedded sample photos, with no files or settings needed. For now it
/// generates holes and mean-fills them (the completion network's input); the shipped model extends it to inpainting.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder for the results.", DefaultValueFactory = _ => "glcic-demo" };
        var seed = new Option<int>("--seed") { Description = "Seed of the random holes.", DefaultValueFactory = _ => 1 };
        var command = new Command("demo", "Run on the embedded sample photos: random holes, mean-colour fill, comparison strips.") { output, seed };
        command.SetAction(result => Run(result.GetRequiredValue(output), result.GetValue(seed), result.InvocationConfiguration.Output));
        return command;
    }

    public static int Run(string output, int seed, TextWriter stdout)
    {
        // The authors' inference script draws 2–4 holes of 32–128 px when no mask is given.
        MaskGeneratorOptions holes = MaskGeneratorOptions.AuthorsInference;
        var photos = SamplePhotos.Names.Select(name => (Name: name, Image: RgbImage.Decode(SamplePhotos.Read(name), name))).ToList();
        var accumulator = new MeanColorAccumulator();
        photos.ForEach(p => accumulator.Add(p.Image));
        MeanColor mean = accumulator.Mean;
        stdout.WriteLine($"GlcicML demo: {photos.Count} sample photos, holes as the authors' inference script draws them (2-4 of 32-128 px), seed {seed}.");
        stdout.WriteLine($"mean colour of the photos: {mean}");
        foreach ((string name, RgbImage image) in photos)
        {
            InpaintingMask mask = MaskGenerator.Generate(image.Width, image.Height, holes, MaskSeed.ForKey(seed, name));
            RgbImage filled = MeanColorFill.Apply(image, mask, mean);
            string stem = Path.GetFileNameWithoutExtension(name);
            string folder = Path.Combine(output, stem);
            image.Save(Path.Combine(folder, "input.png"));
            mask.Save(Path.Combine(folder, "mask.png"));
            filled.Save(Path.Combine(folder, "filled.png"));
            string strip = Path.Combine(output, $"{stem}-comparison.png");
            ImageGrid.Compose([image, mask.ToRgbImage(), filled]).Save(strip);
            stdout.WriteLine($"  {name,-14} {image.Width}x{image.Height}  holes {mask.HoleFraction,6:P1}  -> {strip}");
        }

        stdout.WriteLine($"Wrote input, mask and mean-filled images under {Path.GetFullPath(output)} (each comparison strip: input | mask | filled).");
        return 0;
    }
}
