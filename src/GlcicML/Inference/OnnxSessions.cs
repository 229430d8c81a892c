using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace GlcicML.Inference;

/// <summary>
/// Creates ONNX Runtime sessions the way ONNX Runtime documents it: the CUDA execution provider for a GPU device id,
/// with the CPU as fallback (reported), or the CPU provider with a thread count.
/// </summary>
internal static class OnnxSessions
{
    public static (InferenceSession Session, string Description) Create(byte[] model, int? gpuDeviceId, bool fallbackToCpu, int cpuThreads, Action<string>? log)
    {
        try
        {
            if (gpuDeviceId is int device)
            {
                try
                {
                    using SessionOptions gpu = CudaOptions(device);
                    var session = new InferenceSession(model, gpu);
                    log?.Invoke($"ONNX Runtime: running on CUDA device {device}");
                    return (session, $"CUDA device {device}");
                }
                catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
                {
                    string reason = e.Message.Split('\n')[0];
                    if (!fallbackToCpu)
                    {
                        throw new InvalidOperationException(
                            $"GPU {device} was requested but ONNX Runtime's CUDA execution provider could not start: {reason}. It needs the " +
                            "Microsoft.ML.OnnxRuntime.Gpu package, an NVIDIA driver, CUDA 13 and cuDNN 9. Install them, or allow running on the CPU (fallbackToCpu: true).", e);
                    }

                    log?.Invoke($"ONNX Runtime: GPU {device} unavailable ({reason}); running on the CPU instead");
                    return (CpuSession(model, cpuThreads), $"CPU (fallback from GPU {device}: {reason})");
                }
            }

            log?.Invoke("ONNX Runtime: running on the CPU");
            return (CpuSession(model, cpuThreads), "CPU");
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException)
        {
            throw new InvalidOperationException(
                "ONNX Runtime's native library could not be loaded. Add the Microsoft.ML.OnnxRuntime package (CPU) or " +
                "Microsoft.ML.OnnxRuntime.Gpu to your application; the GlcicML package references only the managed API.", e);
        }
    }

    private static InferenceSession CpuSession(byte[] model, int threads)
    {
        using var options = new SessionOptions();
        if (threads > 0)
        {
            options.IntraOpNumThreads = threads;
        }

        return new InferenceSession(model, options);
    }

    private static SessionOptions CudaOptions(int device)
    {
        // Every image size is a new shape; HEURISTIC avoids cuDNN benchmarking all algorithms for each one.
        using var cuda = new OrtCUDAProviderOptions();
        cuda.UpdateOptions(new Dictionary<string, string>
        {
            ["device_id"] = device.ToString(CultureInfo.InvariantCulture),
            ["cudnn_conv_algo_search"] = "HEURISTIC",
        });
        var options = new SessionOptions();
        try
        {
            options.AppendExecutionProvider_CUDA(cuda);
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }
}
