using System.Globalization;
using System.Text;

namespace ContactCentre.Load.Media;

/// <summary>
/// Just enough bencode for rtpengine's ng protocol: byte strings, integers, lists and dictionaries. Strings are
/// read as UTF-8 text (ng's values are SDP, tags and words). Dictionary keys are written in the order given.
/// </summary>
public static class Bencode
{
    public static void Write(StringBuilder to, object value)
    {
        switch (value)
        {
            case string text:
                to.Append(Encoding.UTF8.GetByteCount(text).ToString(CultureInfo.InvariantCulture)).Append(':').Append(text);
                break;
            case int or long:
                to.Append('i').Append(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)).Append('e');
                break;
            case IEnumerable<KeyValuePair<string, object>> dictionary:
                to.Append('d');
                foreach (var (key, item) in dictionary)
                {
                    Write(to, key);
                    Write(to, item);
                }

                to.Append('e');
                break;
            case IEnumerable<object> list:
                to.Append('l');
                foreach (var item in list)
                {
                    Write(to, item);
                }

                to.Append('e');
                break;
            default:
                throw new ArgumentException($"bencode has no form for {value.GetType().Name}", nameof(value));
        }
    }

    /// <summary>Reads one value starting at <paramref name="position"/>, leaving it just after.</summary>
    public static object Read(ReadOnlySpan<byte> data, ref int position)
    {
        switch ((char)data[position])
        {
            case 'i':
                int end = data[position..].IndexOf((byte)'e') + position;
                long number = long.Parse(data[(position + 1)..end], CultureInfo.InvariantCulture);
                position = end + 1;
                return number;
            case 'l':
                position++;
                var list = new List<object>();
                while (data[position] != 'e')
                {
                    list.Add(Read(data, ref position));
                }

                position++;
                return list;
            case 'd':
                position++;
                var dictionary = new Dictionary<string, object>(StringComparer.Ordinal);
                while (data[position] != 'e')
                {
                    var key = (string)Read(data, ref position);
                    dictionary[key] = Read(data, ref position);
                }

                position++;
                return dictionary;
            default:
                int colon = data[position..].IndexOf((byte)':') + position;
                int length = int.Parse(data[position..colon], CultureInfo.InvariantCulture);
                var text = Encoding.UTF8.GetString(data.Slice(colon + 1, length));
                position = colon + 1 + length;
                return text;
        }
    }
}
