using Microsoft.ML.Transforms.Image;

namespace GlcicML.Transforms.Persistence;

/// <summary>
/// Registers <see cref="MLImage"/> as an image column of unknown size, so mapping rows can hold plain MLImage
/// properties (<c>[ImageType]</c> without a size throws). Registering again is harmless.
/// </summary>
internal static class ImageTypeRegistration
{
    private static readonly Lazy<bool> s_registered = new(() =>
    {
        DataViewTypeManager.Register(new ImageDataViewType(), typeof(MLImage));
        return true;
    });

    public static void Ensure() => _ = s_registered.Value;
}
