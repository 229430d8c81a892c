using GlcicML.Imaging;
using GlcicML.Masks;
using GlcicML.Tests.TestSupport;
using Microsoft.ML.Data;

namespace GlcicML.Tests.Masks;

public class InpaintingMaskTests
{
    [Fact]
    public void Load_GrayMask_DefaultThresholdIsHalfScale_BrightIsHole()
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("m.png", TestPng.Encode(4, 1, TestPng.Gray, [0, 127, 128, 255]));

        InpaintingMask mask = InpaintingMask.Load(path);

        Assert.Equal(new byte[] { 0, 0, 1, 1 }, mask.Values.ToArray());
        Assert.Equal(2, mask.HolePixelCount);
    }

    [Fact]
    public void Load_DarkIsHole_AndCustomThreshold()
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("m.png", TestPng.Encode(4, 1, TestPng.Gray, [0, 50, 52, 255]));

        InpaintingMask mask = InpaintingMask.Load(path, new MaskReadOptions { Threshold = 0.2, Polarity = MaskPolarity.DarkIsHole });

        // 0.2 × 255 = 51: values ≥ 51 are bright (known), below are holes.
        Assert.Equal(new byte[] { 1, 1, 0, 0 }, mask.Values.ToArray());
    }

    [Fact]
    public void Load_RgbMask_UsesLuminanceByDefault_OrTheChosenChannel()
    {
        using var temp = new TempFolder();
        // Pure red has luma 76 (< 128): not a hole by luminance, a hole by the red channel.
        string path = temp.WriteBytes("m.png", TestPng.Encode(2, 1, TestPng.Rgb, [255, 0, 0, 255, 255, 255]));

        Assert.Equal(new byte[] { 0, 1 }, InpaintingMask.Load(path).Values.ToArray());
        Assert.Equal(new byte[] { 1, 1 }, InpaintingMask.Load(path, new MaskReadOptions { Channel = MaskChannel.Red }).Values.ToArray());
        Assert.Equal(new byte[] { 0, 1 }, InpaintingMask.Load(path, new MaskReadOptions { Channel = MaskChannel.Green }).Values.ToArray());
    }

    [Fact]
    public void Load_RgbaMask_CanReadTheAlphaChannel()
    {
        using var temp = new TempFolder();
        // Holes painted as transparency over an opaque white layer.
        string path = temp.WriteBytes("m.png", TestPng.Encode(3, 1, TestPng.Rgba, [255, 255, 255, 255, 255, 255, 255, 0, 255, 255, 255, 10]));

        InpaintingMask mask = InpaintingMask.Load(path, new MaskReadOptions { Channel = MaskChannel.Alpha, Polarity = MaskPolarity.DarkIsHole });

        Assert.Equal(new byte[] { 0, 1, 1 }, mask.Values.ToArray());
    }

    [Fact]
    public void MLImageRoundTrip_And_FileRoundTrip_KeepTheHoles()
    {
        using var temp = new TempFolder();
        InpaintingMask mask = InpaintingMask.FromRectangles(40, 30, [new PixelRectangle(3, 4, 10, 7), new PixelRectangle(30, 20, 15, 15)]);

        using MLImage ml = mask.ToMLImage();
        mask.Save(temp.Combine("mask.png"));

        Assert.True(InpaintingMask.FromMLImage(ml).ValuesEqual(mask));
        Assert.True(InpaintingMask.Load(temp.Combine("mask.png")).ValuesEqual(mask));
        Assert.Equal((10 * 7) + (10 * 10), mask.HolePixelCount); // the second hole is clipped to 10 x 10
        Assert.Equal(new PixelRectangle(3, 4, 37, 26), mask.HoleBounds());
    }

    [Fact]
    public void EmptyAndFullMasks_AreRecognised()
    {
        Assert.True(InpaintingMask.Empty(5, 5).IsEmpty);
        Assert.Null(InpaintingMask.Empty(5, 5).HoleBounds());
        Assert.True(InpaintingMask.FromRectangles(5, 5, [new PixelRectangle(0, 0, 5, 5)]).IsFull);
    }

    [Fact]
    public void Threshold_OutOfRange_IsRejected()
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("m.png", TestPng.Encode(1, 1, TestPng.Gray, [0]));

        Assert.Throws<ArgumentOutOfRangeException>(() => InpaintingMask.Load(path, new MaskReadOptions { Threshold = 1.5 }));
    }

    [Fact]
    public void CopyToPlanar_WritesOnesForHoles()
    {
        InpaintingMask mask = InpaintingMask.FromValues(3, 1, [0, 7, 0]);
        var plane = new float[3];

        mask.CopyToPlanar(plane);

        Assert.Equal(new[] { 0f, 1f, 0f }, plane);
    }
}
