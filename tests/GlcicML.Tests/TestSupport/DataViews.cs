using GlcicML.Imaging;
using GlcicML.Transforms.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GlcicML.Tests.TestSupport;

/// <summary>Builds and reads IDataViews of images for the pipeline tests.</summary>
internal static class DataViews
{
    /// <summary>Rows of (Key, Image) made from in-memory images.</summary>
    public static IDataView FromImages(MLContext ml, IEnumerable<(string Key, RgbImage Image)> images)
    {
        ImageTypeRegistration.Ensure();
        return ml.Data.LoadFromEnumerable(images.Select(i => new KeyedImage { Key = i.Key, Image = i.Image.ToMLImage() }).ToList());
    }

    /// <summary>Reads an image column into RGB images keyed by the Key column, through one cursor.</summary>
    public static Dictionary<string, RgbImage?> ReadImages(IDataView data, string column, string keyColumn = "Key")
    {
        using DataViewRowCursor cursor = data.GetRowCursor([data.Schema[column], data.Schema[keyColumn]]);
        return ReadImages(cursor, data.Schema[column], data.Schema[keyColumn]);
    }

    public static Dictionary<string, RgbImage?> ReadImages(DataViewRowCursor cursor, DataViewSchema.Column column, DataViewSchema.Column keyColumn)
    {
        var result = new Dictionary<string, RgbImage?>();
        ValueGetter<MLImage?> image = cursor.GetGetter<MLImage?>(column);
        ValueGetter<ReadOnlyMemory<char>> key = cursor.GetGetter<ReadOnlyMemory<char>>(keyColumn);
        MLImage? value = null;
        ReadOnlyMemory<char> k = default;
        while (cursor.MoveNext())
        {
            image(ref value);
            key(ref k);
            result.Add(k.ToString(), value is null ? null : RgbImage.FromMLImage(value));
        }

        return result;
    }

    /// <summary>Reads a float vector column keyed by the Key column.</summary>
    public static Dictionary<string, float[]> ReadVectors(IDataView data, string column, string keyColumn = "Key")
    {
        var result = new Dictionary<string, float[]>();
        using DataViewRowCursor cursor = data.GetRowCursor([data.Schema[column], data.Schema[keyColumn]]);
        ValueGetter<VBuffer<float>> vector = cursor.GetGetter<VBuffer<float>>(data.Schema[column]);
        ValueGetter<ReadOnlyMemory<char>> key = cursor.GetGetter<ReadOnlyMemory<char>>(data.Schema[keyColumn]);
        VBuffer<float> v = default;
        ReadOnlyMemory<char> k = default;
        while (cursor.MoveNext())
        {
            vector(ref v);
            key(ref k);
            result.Add(k.ToString(), v.DenseValues().ToArray());
        }

        return result;
    }

    public static void AssertSameImages(Dictionary<string, RgbImage?> expected, Dictionary<string, RgbImage?> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach ((string key, RgbImage? image) in expected)
        {
            RgbImage? other = actual[key];
            Assert.True(image is null ? other is null : other is not null && image.PixelsEqual(other), $"row '{key}' differs");
        }
    }

    public sealed class KeyedImage
    {
        public string Key { get; set; } = string.Empty;

        public MLImage? Image { get; set; }
    }

    public sealed class PathRow
    {
        public string Key { get; set; } = string.Empty;

        public string Path { get; set; } = string.Empty;
    }
}
