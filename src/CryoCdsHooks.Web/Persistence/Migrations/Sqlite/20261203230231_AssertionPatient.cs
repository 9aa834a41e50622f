using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CryoCdsHooks.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AssertionPatient : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PatientId",
                table: "CoverageAssertions",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_CoverageAssertions_ClientId_PatientId_OrderReference",
                table: "CoverageAssertions",
                columns: new[] { "ClientId", "PatientId", "OrderReference" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CoverageAssertions_ClientId_PatientId_OrderReference",
                table: "CoverageAssertions");

            migrationBuilder.DropColumn(
                name: "PatientId",
                table: "CoverageAssertions");
        }
    }
}
