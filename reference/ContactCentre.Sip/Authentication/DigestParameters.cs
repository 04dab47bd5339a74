using System.Text;

namespace ContactCentre.Sip;

/// <summary>
/// Parses and writes the auth-param lists of challenge and credentials headers
/// (RFC 3261 §25.1 <c>Digest name=token, name="quoted"</c>).
/// </summary>
internal static class DigestParameters
{
    public const string Scheme = "Digest";

    /// <summary>The parameters after the "Digest" scheme, or null if the value is not a Digest one.</summary>
    public static Dictionary<string, string>? Parse(string value)
    {
        var text = value.AsSpan().Trim();
        if (text.Length <= Scheme.Length || !text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || !char.IsWhiteSpace(text[Scheme.Length]))
        {
            return null;
        }
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = Scheme.Length;
        while (i < text.Length)
        {
            while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == ','))
            {
                i++;
            }
            var nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',' && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            var name = text[nameStart..i].ToString();
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            if (i >= text.Length || text[i] != '=')
            {
                if (name.Length > 0)
                {
                    return null;
                }
                continue;
            }
            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            string parameterValue;
            if (i < text.Length && text[i] == '"')
            {
                var quoted = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }
                    quoted.Append(text[i]);
                    i++;
                }
                if (i >= text.Length)
                {
                    return null;
                }
                i++;
                parameterValue = quoted.ToString();
            }
            else
            {
                var valueStart = i;
                while (i < text.Length && text[i] != ',' && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }
                parameterValue = text[valueStart..i].ToString();
            }
            if (name.Length == 0)
            {
                return null;
            }
            parameters[name] = parameterValue;
        }
        return parameters;
    }

    public static void AppendQuoted(StringBuilder text, string name, string value)
    {
        Separate(text);
        text.Append(name).Append("=\"")
            .Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal))
            .Append('"');
    }

    public static void AppendToken(StringBuilder text, string name, string value)
    {
        Separate(text);
        text.Append(name).Append('=').Append(value);
    }

    private static void Separate(StringBuilder text) => text.Append(text.Length == Scheme.Length ? " " : ", ");
}
