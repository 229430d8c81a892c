using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GlcicML.Transforms.Persistence;

/// <summary>
/// Serialises a transform's settings into a string constant that is saved with the model (as an Expression
/// literal), and reads it back per row with a cache, so parsing happens once per distinct state.
/// </summary>
internal static class TransformState
{
    private const int MaxCached = 256;

    private static readonly JsonSerializerOptions s_json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly ConcurrentDictionary<string, object> s_cache = new(StringComparer.Ordinal);

    /// <summary>Base64 of the JSON: only [A-Za-z0-9+/=], safe inside an Expression string literal.</summary>
    public static string Write<T>(T state) => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(state, s_json)));

    public static T Read<T>(string encoded)
        where T : class
    {
        if (s_cache.TryGetValue(encoded, out object? cached) && cached is T hit)
        {
            return hit;
        }

        T state;
        try
        {
            state = JsonSerializer.Deserialize<T>(Encoding.UTF8.GetString(Convert.FromBase64String(encoded)), s_json)
                ?? throw new InvalidDataException("empty state");
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidDataException)
        {
            throw new InvalidOperationException(
                $"The saved settings of a GlcicML transform ({typeof(T).Name}) cannot be read; the model was saved by an incompatible GlcicML version.", e);
        }

        if (s_cache.Count >= MaxCached)
        {
            s_cache.Clear();
        }

        s_cache[encoded] = state;
        return state;
    }
}
