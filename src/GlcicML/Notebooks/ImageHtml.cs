using System.Net;

namespace GlcicML.Notebooks;

/// <summary>HTML for showing images inline (notebooks, reports): <c>&lt;img&gt;</c> tags with the PNG embedded.</summary>
public static class ImageHtml
{
    /// <summary>An <c>&lt;img&gt;</c> tag showing <paramref name="image"/>, at most <paramref name="maxWidth"/> CSS pixels wide.</summary>
    public static string Img(RgbImage image, int maxWidth = 320, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var png = new MemoryStream();
        image.Encode(png, EncodedImageFormat.Png);
        string tooltip = WebUtility.HtmlEncode(title ?? $"{image.Width}x{image.Height}");
        return $"<img src=\"data:image/png;base64,{Convert.ToBase64String(png.GetBuffer(), 0, (int)png.Length)}\" " +
            $"style=\"max-width:{maxWidth}px;height:auto;image-rendering:pixelated\" title=\"{tooltip}\" alt=\"{tooltip}\"/>";
    }

    /// <summary>A mask as a black-and-white image (white = hole).</summary>
    public static string Img(InpaintingMask mask, int maxWidth = 320, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return Img(mask.ToRgbImage(), maxWidth, title ?? $"mask {mask.Width}x{mask.Height}, {mask.HoleFraction:P1} holes");
    }

    /// <summary>An ML.NET image (as <c>LoadImages</c> and GlcicML's transforms produce).</summary>
    public static string Img(MLImage image, int maxWidth = 320, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Img(RgbImage.FromMLImage(image), maxWidth, title ?? (string.IsNullOrEmpty(image.Tag) ? null : image.Tag));
    }
}
