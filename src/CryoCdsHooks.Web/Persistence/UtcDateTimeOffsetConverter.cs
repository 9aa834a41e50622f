using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CryoCdsHooks.Web.Persistence;

internal sealed class UtcDateTimeOffsetConverter()
    : ValueConverter<DateTimeOffset, DateTimeOffset>(value => value.ToUniversalTime(), value => value);
