using System.Net;

namespace GlcicML.Notebooks;

/// <summary>
/// Captioned images side by side, such as input | mask | output | post-processed. In a notebook it displays as a row
/// of images with their captions; outside one, <see cref="Save"/> writes the row as a PNG (without captions).
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed class ImageStrip
{
    private readonly List<(string Caption, RgbImage Image)> _items = [];

    /// <summary>Creates an empty strip; <see cref="Add(string, RgbImage)"/> images to it.</summary>
    /// <param name="maxWidth">Largest width of each image on screen, in CSS pixels.</param>
    public ImageStrip(int maxWidth = 240)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWidth, 16);
        MaxWidth = maxWidth;
    }

    /// <summary>Largest width of each image on screen, in CSS pixels.</summary>
    public int MaxWidth { get; }

    /// <summary>The images and their captions, in order.</summary>
    public IReadOnlyList<(string Caption, RgbImage Image)> Items => _items;

    /// <summary>Adds an image; returns the strip, so calls chain.</summary>
    public ImageStrip Add(string caption, RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(caption);
        ArgumentNullException.ThrowIfNull(image);
        _items.Add((caption, image));
        return this;
    }

    /// <summary>Adds a mask, shown white on black (white = hole).</summary>
    public ImageStrip Add(string caption, InpaintingMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return Add(caption, mask.ToRgbImage());
    }

    /// <summary>The row as HTML: one figure per image, caption underneath.</summary>
    public string ToHtml() =>
        "<div style=\"display:flex;flex-wrap:wrap;gap:8px;align-items:flex-start\">" +
        string.Concat(_items.Select(i => $"<figure style=\"margin:0\">{ImageHtml.Img(i.Image, MaxWidth, i.Caption)}<figcaption style=\"text-align:center;font:12px sans-serif\">{WebUtility.HtmlEncode(i.Caption)}</figcaption></figure>")) +
        "</div>";

    /// <summary>The images side by side in one image (captions are not drawn).</summary>
    /// <exception cref="InvalidOperationException">The strip is empty.</exception>
    public RgbImage ToImage() => _items.Count > 0
        ? ImageGrid.Compose([.. _items.Select(i => i.Image)])
        : throw new InvalidOperationException("The strip has no images; Add some first.");

    /// <summary>Writes <see cref="ToImage"/> to a file (PNG, JPEG or WebP by extension), atomically.</summary>
    public void Save(string path) => ToImage().Save(path);

    /// <inheritdoc />
    public override string ToString() => string.Join(" | ", _items.Select(i => $"{i.Caption} ({i.Image.Width}x{i.Image.Height})"));
}
