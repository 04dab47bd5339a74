namespace ContactCentre.Sip;

/// <summary>Grammar checks of RFC 3261 §25.1 that the lenient parsers leave to validation.</summary>
internal static class HeaderSyntax
{
    /// <summary>scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).</summary>
    public static bool IsScheme(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }
        foreach (var ch in text)
        {
            if (!(char.IsAsciiLetterOrDigit(ch) || ch is '+' or '-' or '.'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A Via value that parses and has no empty parameters (RFC 4475 §3.1.2.1).</summary>
    /// <param name="parsed">The value already parsed, when the caller has it; null parses it here.</param>
    public static bool IsWellFormedVia(string value, ViaHeader? parsed = null)
    {
        if (parsed is null && !ViaHeader.TryParse(value, out _))
        {
            return false;
        }
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        return semicolon < 0 || ParametersFault(value.AsSpan(semicolon + 1)) is null;
    }

    /// <summary>
    /// What is wrong with a name-addr or addr-spec value (From, To, Contact), or null. Catches what RFC 4475 §3.1.2
    /// lists: unbalanced quotes, LWS inside &lt;&gt;, unquoted non-token display names, headers outside &lt;&gt;, empty parameters.
    /// </summary>
    /// <param name="parsed">The value already parsed, when the caller has it; null parses it here.</param>
    public static string? AddressFault(string value, NameAddress? parsed = null)
    {
        value = value.Trim();
        if (parsed is null && !NameAddress.TryParse(value, out _))
        {
            if (value.StartsWith('"') && value.Count(c => c == '"') % 2 == 1)
            {
                return "unterminated quoted string";
            }
            var uri = value[(OpenBracket(value) + 1)..];
            var colon = uri.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && IsScheme(uri.AsSpan(0, colon)) && uri[..colon].ToLowerInvariant() is not ("sip" or "sips")
                ? $"URI scheme '{uri[..colon]}' not supported"
                : "not a SIP address";
        }
        var open = OpenBracket(value);
        string parameters;
        if (open >= 0)
        {
            var close = value.IndexOf('>', open);
            if (char.IsWhiteSpace(value[open + 1]) || char.IsWhiteSpace(value[close - 1]))
            {
                return "whitespace inside <>";
            }
            if (!value.StartsWith('"'))
            {
                foreach (var word in value.AsSpan(0, open).SplitAny(" \t"))
                {
                    if (!value.AsSpan(0, open)[word].IsEmpty && !SipMethods.IsToken(value.AsSpan(0, open)[word]))
                    {
                        return "display name with non-token characters must be quoted";
                    }
                }
            }
            parameters = value[(close + 1)..];
        }
        else
        {
            var semicolon = value.IndexOf(';', StringComparison.Ordinal);
            var uri = semicolon >= 0 ? value[..semicolon] : value;
            if (uri.Contains('?', StringComparison.Ordinal) || uri.Contains(',', StringComparison.Ordinal))
            {
                // RFC 3261 §20.10: a URI with headers, commas or semicolons must be enclosed in <>.
                return "URI with headers must be enclosed in <>";
            }
            parameters = semicolon >= 0 ? value[semicolon..] : "";
        }
        var trimmed = parameters.AsSpan().Trim();
        return trimmed.Length == 0 ? null : ParametersFault(trimmed[1..]);
    }

    private static int OpenBracket(string value)
    {
        var start = 0;
        if (value.StartsWith('"'))
        {
            for (var i = 1; i < value.Length; i++)
            {
                if (value[i] == '\\')
                {
                    i++;
                }
                else if (value[i] == '"')
                {
                    start = i + 1;
                    break;
                }
            }
        }
        return value.IndexOf('<', start);
    }

    private static string? ParametersFault(ReadOnlySpan<char> text)
    {
        var inQuotes = false;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] == '"')
            {
                inQuotes = !inQuotes;
            }
            if (i == text.Length || (text[i] == ';' && !inQuotes))
            {
                var part = text[start..i].Trim();
                var equals = part.IndexOf('=');
                var name = (equals >= 0 ? part[..equals] : part).Trim();
                if (!SipMethods.IsToken(name))
                {
                    return "empty or malformed parameter";
                }
                start = i + 1;
            }
        }
        return null;
    }
}
