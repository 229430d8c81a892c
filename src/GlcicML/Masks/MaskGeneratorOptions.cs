namespace GlcicML.Masks;

/// <summary>
/// What holes <see cref="MaskGenerator"/> draws. The defaults are the paper's training holes: one rectangle per image
/// with width and height drawn independently from [96, 128] px, meant for 256-px crops.
/// </summary>
public sealed record MaskGeneratorOptions
{
    /// <summary>The paper's training holes (the defaults).</summary>
    public static MaskGeneratorOptions PaperTraining { get; } = new();

    /// <summary>The authors' inference script without a mask file: 2–4 rectangles with sides of 32–128 px.</summary>
    public static MaskGeneratorOptions AuthorsInference { get; } = new() { MinHoleSize = 32, MaxHoleSize = 128, MinHoleCount = 2, MaxHoleCount = 4 };

    /// <summary>Free-form brush strokes covering 5–35% of the image.</summary>
    public static MaskGeneratorOptions FreeFormStrokes { get; } = new() { Shape = MaskShape.FreeForm };

    /// <summary>Rectangles or free-form strokes. The default is <see cref="MaskShape.Rectangles"/>.</summary>
    public MaskShape Shape { get; init; } = MaskShape.Rectangles;

    /// <summary>Smallest rectangle side in pixels (width and height are drawn independently). The default is 96.</summary>
    public int MinHoleSize { get; init; } = 96;

    /// <summary>
    /// Largest rectangle side in pixels. The default is 128. A side larger than the image is limited to the image's
    /// size; an image smaller than <see cref="MinHoleSize"/> is an error.
    /// </summary>
    public int MaxHoleSize { get; init; } = 128;

    /// <summary>Fewest rectangles per image. The default is 1.</summary>
    public int MinHoleCount { get; init; } = 1;

    /// <summary>Most rectangles per image (drawn uniformly between the bounds; they may overlap). The default is 1.</summary>
    public int MaxHoleCount { get; init; } = 1;

    /// <summary>Fewest vertices of a brush stroke. The default is 4.</summary>
    public int MinStrokeVertices { get; init; } = 4;

    /// <summary>Most vertices of a brush stroke. The default is 12.</summary>
    public int MaxStrokeVertices { get; init; } = 12;

    /// <summary>Narrowest brush, as a fraction of the image's shorter side. The default is 0.03.</summary>
    public double MinBrushWidth { get; init; } = 0.03;

    /// <summary>Widest brush, as a fraction of the image's shorter side. The default is 0.10.</summary>
    public double MaxBrushWidth { get; init; } = 0.10;

    /// <summary>Shortest stroke segment, as a fraction of the image's shorter side. The default is 0.05.</summary>
    public double MinSegmentLength { get; init; } = 0.05;

    /// <summary>Longest stroke segment, as a fraction of the image's shorter side. The default is 0.25.</summary>
    public double MaxSegmentLength { get; init; } = 0.25;

    /// <summary>Largest change of direction between segments, in radians. The default is 2π/5 (72°).</summary>
    public double MaxTurnAngle { get; init; } = 2 * Math.PI / 5;

    /// <summary>Smallest share of the image a free-form mask covers, in (0, 1). The default is 0.05.</summary>
    public double MinMaskedFraction { get; init; } = 0.05;

    /// <summary>Largest share of the image a free-form mask covers, in (0, 1]. The default is 0.35.</summary>
    public double MaxMaskedFraction { get; init; } = 0.35;

    /// <summary>Checks every bound; throws <see cref="ArgumentOutOfRangeException"/> naming the offending option.</summary>
    public void Validate()
    {
        Require(MinHoleSize >= 1, nameof(MinHoleSize), MinHoleSize, "must be at least 1 px");
        Require(MaxHoleSize >= MinHoleSize, nameof(MaxHoleSize), MaxHoleSize, $"must be at least MinHoleSize ({MinHoleSize})");
        Require(MinHoleCount >= 1, nameof(MinHoleCount), MinHoleCount, "must be at least 1");
        Require(MaxHoleCount >= MinHoleCount, nameof(MaxHoleCount), MaxHoleCount, $"must be at least MinHoleCount ({MinHoleCount})");
        Require(MinStrokeVertices >= 2, nameof(MinStrokeVertices), MinStrokeVertices, "must be at least 2");
        Require(MaxStrokeVertices >= MinStrokeVertices, nameof(MaxStrokeVertices), MaxStrokeVertices, $"must be at least MinStrokeVertices ({MinStrokeVertices})");
        Require(MinBrushWidth > 0, nameof(MinBrushWidth), MinBrushWidth, "must be positive");
        Require(MaxBrushWidth >= MinBrushWidth, nameof(MaxBrushWidth), MaxBrushWidth, $"must be at least MinBrushWidth ({MinBrushWidth})");
        Require(MinSegmentLength >= 0, nameof(MinSegmentLength), MinSegmentLength, "must not be negative");
        Require(MaxSegmentLength >= MinSegmentLength, nameof(MaxSegmentLength), MaxSegmentLength, $"must be at least MinSegmentLength ({MinSegmentLength})");
        Require(MaxTurnAngle >= 0 && MaxTurnAngle <= Math.PI, nameof(MaxTurnAngle), MaxTurnAngle, "must be in [0, π]");
        Require(MinMaskedFraction > 0 && MinMaskedFraction < 1, nameof(MinMaskedFraction), MinMaskedFraction, "must be in (0, 1)");
        Require(MaxMaskedFraction >= MinMaskedFraction && MaxMaskedFraction <= 1, nameof(MaxMaskedFraction), MaxMaskedFraction, $"must be in [MinMaskedFraction ({MinMaskedFraction}), 1]");
    }

    private static void Require(bool condition, string name, object value, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"MaskGeneratorOptions.{name} {rule}; got {value}.");
        }
    }
}
