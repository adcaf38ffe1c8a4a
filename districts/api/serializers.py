from rest_framework import serializers

from districts.models import District, Division, Product, ProductCategory


class DivisionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Division
        fields = ["slug", "name_en", "name_hi"]


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = ProductCategory
        fields = ["slug", "name_en", "name_hi"]


class ProductRefSerializer(serializers.ModelSerializer):
    category = CategorySerializer(read_only=True)

    class Meta:
        model = Product
        fields = ["slug", "name_en", "name_hi", "category"]


class DistrictRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["slug", "name_en", "name_hi"]


class DistrictSerializer(serializers.ModelSerializer):
    division = DivisionRefSerializer(read_only=True)
    products = ProductRefSerializer(many=True, read_only=True)
    aliases = serializers.SerializerMethodField()

    class Meta:
        model = District
        fields = ["slug", "name_en", "name_hi", "aliases", "division", "products", "hq_lat", "hq_lon"]

    def get_aliases(self, obj: District) -> list[str]:
        return [alias.strip() for alias in obj.aliases.split(";") if alias.strip()]


class DivisionSerializer(serializers.ModelSerializer):
    district_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Division
        fields = ["slug", "name_en", "name_hi", "district_count"]


class ProductSerializer(serializers.ModelSerializer):
    category = CategorySerializer(read_only=True)
    districts = DistrictRefSerializer(many=True, read_only=True)

    class Meta:
        model = Product
        fields = ["slug", "name_en", "name_hi", "category", "districts"]
