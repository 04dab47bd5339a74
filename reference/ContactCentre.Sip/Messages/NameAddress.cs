using System.Text;

namespace ContactCentre.Sip;

/// <summary>
/// A From/To/Contact value (RFC 3261 §20.10, §25.1 name-addr / addr-spec):
/// <c>"Alice" &lt;sip:a@h&gt;;tag=x</c> or <c>sip:a@h;tag=x</c>.
/// </summary>
public sealed record NameAddress(string? DisplayName, SipUri Uri, IReadOnlyDictionary<string, string?> Parameters)
{
    public string? Tag => Parameters.TryGetValue("tag", out var tag) ? tag : null;

    public NameAddress WithTag(string tag)
    {
        var parameters = new OrderedParameters(Parameters) { ["tag"] = tag };
        return this with { Parameters = parameters };
    }

    public static NameAddress Parse(string text) =>
        TryParse(text, out var value) ? value! : throw new FormatException($"Not a name-addr: '{text}'");

    public static bool TryParse(string text, out NameAddress? value)
    {
        value = null;
        text = text.Trim();
        string? displayName = null;
        var index = 0;
        if (text.StartsWith('"'))
        {
            if (!TryReadQuoted(text, out displayName, out index))
            {
                return false;
            }
            while (index < text.Length && char.IsWhiteSpace(text[index]))
            {
                index++;
            }
            if (index >= text.Length || text[index] != '<')
            {
                return false;
            }
        }
        var open = text.IndexOf('<', index);
        string uriText;
        string parameterText;
        if (open >= 0)
        {
            if (displayName is null)
            {
                var tokens = text[..open].Trim();
                displayName = tokens.Length > 0 ? tokens : null;
            }
            var close = text.IndexOf('>', open);
            if (close < 0)
            {
                return false;
            }
            uriText = text[(open + 1)..close];
            parameterText = text[(close + 1)..].Trim();
            if (parameterText.Length > 0 && parameterText[0] != ';')
            {
                return false;
            }
        }
        else
        {
            // addr-spec form: parameters after the URI belong to the header, not the URI (RFC 3261 §20.10).
            var semicolon = text.IndexOf(';', StringComparison.Ordinal);
            uriText = semicolon >= 0 ? text[..semicolon] : text;
            parameterText = semicolon >= 0 ? text[semicolon..] : "";
        }
        if (!SipUri.TryParse(uriText, out var uri))
        {
            return false;
        }
        value = new NameAddress(displayName, uri!, SipUri.ParseParameters(parameterText));
        return true;
    }

    private static bool TryReadQuoted(string text, out string? result, out int end)
    {
        var builder = new StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == '\\' && i + 1 < text.Length)
            {
                builder.Append(text[++i]);
            }
            else if (ch == '"')
            {
                result = builder.ToString();
                end = i + 1;
                return true;
            }
            else
            {
                builder.Append(ch);
            }
        }
        result = null;
        end = text.Length;
        return false;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        if (!string.IsNullOrEmpty(DisplayName))
        {
            text.Append('"').Append(DisplayName.Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\" ");
        }
        text.Append('<').Append(Uri).Append('>');
        SipUri.AppendParameters(text, Parameters);
        return text.ToString();
    }
}
