-- The shapes (GeoJSON text, longitude/latitude) of the areas a report's maps draw.
select area_code, level, geometry_geojson, source
from staging.area_shapes
where list_contains($codes, area_code)
order by area_code
