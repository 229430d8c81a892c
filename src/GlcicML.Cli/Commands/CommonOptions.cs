namespace GlcicML.Cli.Commands;

/// <summary>Options shared by several commands, built once so their names, defaults and help stay the same.</summary>
internal static class CommonOptions
{
    public static Option<string> Input() => new("--input", "-i")
    {
        Description = "An image file, or a folder searched recursively for .png/.jpg/.jpeg files.",
        Required = true,
    };

    public static Option<string> Output(string what) => new("--output", "-o")
    {
        Description = $"Folder for the {what}; the input's folder structure is kept.",
        Required = true,
    };

    public static Option<int> Seed() => new("--seed")
    {
        Description = "Seed for generated masks; a file's mask depends on the seed and its relative path.",
        DefaultValueFactory = _ => 0,
    };

    public static Option<long> MaxPixels() => new("--max-pixels")
    {
        Description = "Largest image accepted, in pixels, checked from the file header (decompression-bomb guard).",
        DefaultValueFactory = _ => ImageReadOptions.Default.MaxPixels,
    };

    /// <summary>
    /// The options that shape generated masks, and how to read them back as <see cref="MaskGeneratorOptions"/>. The
    /// defaults are the same in every command: rectangles as the authors' inference script draws them (2-4 holes of
    /// 32-128 px); free-form strokes use the free-form preset's coverage.
    /// </summary>
    internal sealed class MaskShapeOptions
    {
        public Option<MaskShape> Shape { get; } = new("--shape") { Description = "Rectangles (the paper's holes) or FreeForm (brush strokes).", DefaultValueFactory = _ => MaskShape.Rectangles };

        public Option<int> HoleMin { get; } = new("--hole-min") { Description = "Smallest rectangle side in pixels.", DefaultValueFactory = _ => MaskGeneratorOptions.AuthorsInference.MinHoleSize };

        public Option<int> HoleMax { get; } = new("--hole-max") { Description = "Largest rectangle side in pixels.", DefaultValueFactory = _ => MaskGeneratorOptions.AuthorsInference.MaxHoleSize };

        public Option<int> HolesMin { get; } = new("--holes-min") { Description = "Fewest rectangles per image.", DefaultValueFactory = _ => MaskGeneratorOptions.AuthorsInference.MinHoleCount };

        public Option<int> HolesMax { get; } = new("--holes-max") { Description = "Most rectangles per image.", DefaultValueFactory = _ => MaskGeneratorOptions.AuthorsInference.MaxHoleCount };

        public Option<double> FractionMin { get; } = new("--fraction-min") { Description = "Free-form: smallest share of the image covered.", DefaultValueFactory = _ => MaskGeneratorOptions.FreeFormStrokes.MinMaskedFraction };

        public Option<double> FractionMax { get; } = new("--fraction-max") { Description = "Free-form: largest share of the image covered.", DefaultValueFactory = _ => MaskGeneratorOptions.FreeFormStrokes.MaxMaskedFraction };

        /// <param name="command">The command to add the options to.</param>
        /// <param name="withShape">Add --shape too (commands that complete images choose the shape with --random-masks instead).</param>
        public void AddTo(Command command, bool withShape = true)
        {
            foreach (Option option in new Option[] { Shape, HoleMin, HoleMax, HolesMin, HolesMax, FractionMin, FractionMax }.Skip(withShape ? 0 : 1))
            {
                command.Options.Add(option);
            }
        }

        public MaskGeneratorOptions Read(ParseResult result, MaskShape? shape = null)
        {
            var options = new MaskGeneratorOptions
            {
                Shape = shape ?? result.GetValue(Shape),
                MinHoleSize = result.GetValue(HoleMin),
                MaxHoleSize = result.GetValue(HoleMax),
                MinHoleCount = result.GetValue(HolesMin),
                MaxHoleCount = result.GetValue(HolesMax),
                MinMaskedFraction = result.GetValue(FractionMin),
                MaxMaskedFraction = result.GetValue(FractionMax),
            };
            options.Validate();
            return options;
        }
    }

    /// <summary>The options that say how user mask files are read.</summary>
    internal sealed class MaskReadingOptions
    {
        public Option<double> Threshold { get; } = new("--mask-threshold") { Description = "Mask threshold as a fraction of full scale.", DefaultValueFactory = _ => 0.5 };

        public Option<MaskPolarity> Polarity { get; } = new("--mask-polarity") { Description = "BrightIsHole (white = fill, the default) or DarkIsHole.", DefaultValueFactory = _ => MaskPolarity.BrightIsHole };

        public Option<MaskChannel> Channel { get; } = new("--mask-channel") { Description = "Luminance, Red, Green, Blue or Alpha.", DefaultValueFactory = _ => MaskChannel.Luminance };

        public void AddTo(Command command)
        {
            command.Options.Add(Threshold);
            command.Options.Add(Polarity);
            command.Options.Add(Channel);
        }

        public MaskReadOptions Read(ParseResult result, long maxPixels) => new()
        {
            Threshold = result.GetValue(Threshold),
            Polarity = result.GetValue(Polarity),
            Channel = result.GetValue(Channel),
            MaxPixels = maxPixels,
        };
    }

    /// <summary>
    /// Where masks come from for commands that complete images: <c>--masks</c> (a folder or one file), or generated
    /// masks (<c>--random-masks</c>, the default: rectangles as the authors' inference script draws them, shaped by
    /// the hole options), with the seed, the mask-reading options and <c>--save-masks</c> to keep generated ones.
    /// </summary>
    internal sealed class MaskSourceOptions
    {
        private readonly MaskReadingOptions _reading = new();
        private readonly MaskShapeOptions _shape = new();

        public Option<string?> Masks { get; } = new("--masks", "-m") { Description = "A folder of masks mirroring the inputs, or one mask file for every image (white = hole)." };

        public Option<MaskShape?> RandomMasks { get; } = new("--random-masks") { Description = "Generate masks: Rectangles (by default 2-4 holes of 32-128 px, as the authors' script; see --hole-min/--hole-max/--holes-min/--holes-max) or FreeForm. The default when --masks is absent." };

        public Option<int> Seed { get; } = CommonOptions.Seed();

        public Option<string?> SaveMasks { get; } = new("--save-masks") { Description = "Write each generated mask (white = hole) to this folder, mirroring the inputs, so the run can be scored or repeated with --masks." };

        public void AddTo(Command command)
        {
            command.Options.Add(Masks);
            command.Options.Add(RandomMasks);
            command.Options.Add(Seed);
            command.Options.Add(SaveMasks);
            _shape.AddTo(command, withShape: false);
            _reading.AddTo(command);
            command.Validators.Add(result =>
            {
                if (result.GetValue(Masks) is not null && result.GetValue(RandomMasks) is not null)
                {
                    result.AddError("Give --masks or --random-masks, not both.");
                }

                if (result.GetValue(Masks) is not null && result.GetValue(SaveMasks) is not null)
                {
                    result.AddError("--save-masks keeps generated masks; masks given with --masks are already files.");
                }
            });
        }

        /// <summary>The mask source; <paramref name="input"/> and <paramref name="outputFolder"/> guard --save-masks against writing among them.</summary>
        public MaskSource Read(ParseResult result, long maxPixels, string input, string? outputFolder = null)
        {
            if (result.GetValue(Masks) is { } path)
            {
                return MaskSource.FromPath(path, _reading.Read(result, maxPixels));
            }

            MaskSource generated = MaskSource.Generated(_shape.Read(result, result.GetValue(RandomMasks) ?? MaskShape.Rectangles), result.GetValue(Seed));
            if (result.GetValue(SaveMasks) is not { } save)
            {
                return generated;
            }

            string saveFolder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(save));
            string inputFolder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Directory.Exists(input) ? input : Path.GetDirectoryName(Path.GetFullPath(input))!));
            if (saveFolder == inputFolder || saveFolder.StartsWith(inputFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new ArgumentException($"--save-masks '{save}' is inside the input folder '{inputFolder}': the masks would be taken for inputs on the next run. Choose a folder outside it.");
            }

            if (outputFolder is not null && saveFolder == Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputFolder)))
            {
                throw new ArgumentException($"--save-masks '{save}' is the output folder: a mask would replace the completed image of the same name. Choose another folder.");
            }

            return generated.SavedTo(saveFolder);
        }
    }
}
